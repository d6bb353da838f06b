namespace GenGemini;

/// <summary>The request travelling through middleware, and the response it gets.</summary>
public sealed class GeminiContext
{
    public GeminiContext(GeminiApp app, Request request)
    {
        App = app;
        Request = request;
    }

    public GeminiApp App { get; }

    public Request Request { get; }

    /// <summary>Set by the handler (or by middleware that answers on its own); read by outer middleware.</summary>
    public Response? Response { get; set; }

    public CancellationToken RequestAborted => Request.RequestAborted;
}

/// <summary>A step of the request pipeline.</summary>
public delegate Task GeminiRequestDelegate(GeminiContext context);

/// <summary>A handler for a single path: <c>app.Map("/about", request => ...)</c>.</summary>
public delegate ValueTask<Response> GeminiHandler(Request request);
