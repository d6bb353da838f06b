namespace GenGemini;

/// <summary>The request travelling through middleware, and the response it gets.</summary>
public sealed class GeminiContext
{
    /// <summary>A context for <paramref name="request"/>, with no response yet.</summary>
    /// <param name="request">The request.</param>
    public GeminiContext(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Request = request;
    }

    /// <summary>The request.</summary>
    public Request Request { get; }

    /// <summary>Set by the handler (or by middleware that answers on its own); read by outer middleware.</summary>
    public Response? Response { get; set; }

    /// <summary>The request's scoped services (<see cref="Request.Services"/>).</summary>
    public IServiceProvider Services => Request.Services;

    /// <summary>Fires when the client goes away or the server shuts down.</summary>
    public CancellationToken RequestAborted => Request.RequestAborted;
}

/// <summary>A step of the request pipeline: what middleware calls to go on.</summary>
/// <param name="context">The request and its response so far.</param>
/// <returns>A task that completes when the rest of the pipeline has answered.</returns>
public delegate Task GeminiRequestDelegate(GeminiContext context);
