using Microsoft.Extensions.DependencyInjection;

namespace GenGemini.Protocol;

/// <summary>
/// One request's server-side state, owned by the protocol layer from the request line to the access
/// log (Kestrel's per-request features, in one object): what the router decided (route, mount
/// prefix, path below it), the upload's reader and body, the request's service scope, and whether
/// it is answered at all. Handlers never see it: they read <see cref="GenGemini.Request"/>, which
/// is immutable to them.
/// </summary>
internal sealed class GeminiExchange
{
    private AsyncServiceScope? _scope;

    public GeminiExchange(GeminiUri uri, ConnectionInfo connection, CancellationToken aborted = default)
    {
        PathInfo = uri.Path;
        Request = new Request(this, uri, connection, aborted);
    }

    /// <summary>What handlers read.</summary>
    public Request Request { get; }

    /// <summary>The prefix of the mount that serves the request ("" outside mounts).</summary>
    public string MountPrefix { get; set; } = string.Empty;

    /// <summary>The decoded path below <see cref="MountPrefix"/>.</summary>
    public string PathInfo { get; set; }

    /// <summary>The route template or mount prefix that serves the request, once routed.</summary>
    public string? Route { get; set; }

    /// <summary>A titan:// request's complete upload, once read.</summary>
    public TitanUpload? Upload { get; set; }

    /// <summary>Reads a titan:// request's body of exactly the given size; null when it came short or late.</summary>
    public Func<long, CancellationToken, ValueTask<byte[]?>>? UploadBody { get; set; }

    /// <summary>No answer at all: the connection is closed (an upload that came short or late).</summary>
    public bool Unanswered { get; set; }

    /// <summary>The app's container, given when the request enters the app.</summary>
    public IServiceProvider? RootServices { get; set; }

    /// <summary>The request's scope, made on first use.</summary>
    public IServiceProvider Services
    {
        get
        {
            if (_scope is null)
            {
                var root = RootServices ?? throw new InvalidOperationException("This request was not made by a GeminiApp, so it has no services.");
                _scope = root.CreateAsyncScope();
            }

            return _scope.Value.ServiceProvider;
        }
    }

    /// <summary>Disposes the request's scope, if one was made (once the response is written).</summary>
    public ValueTask DisposeServicesAsync()
    {
        if (_scope is not { } scope)
        {
            return ValueTask.CompletedTask;
        }

        _scope = null;
        return scope.DisposeAsync();
    }
}
