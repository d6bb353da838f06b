using System.Net;
using System.Runtime.InteropServices;
using GenGemini.Protocol;
using GenGemini.Server;
using Microsoft.Extensions.Logging;

namespace GenGemini;

/// <summary>
/// A Gemini capsule: its middleware, mounts and routes, lifecycle hooks, state, and the TLS
/// server that runs them.
/// </summary>
public sealed class GeminiApp : IAsyncDisposable
{
    private readonly List<Func<GeminiRequestDelegate, GeminiRequestDelegate>> _middleware = [];
    private readonly List<(string Prefix, IMountHandler Handler)> _mounts = [];
    private readonly List<IRouteTable> _routeTables = [];
    private readonly ExactRouteTable _exactRoutes = new();
    private readonly List<Func<CancellationToken, Task>> _startup = [];
    private readonly List<Func<CancellationToken, Task>> _shutdown = [];
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private GeminiRequestDelegate? _pipeline;
    private GeminiServer? _server;

    private GeminiApp(GeminiOptions options)
    {
        Options = options;
        LoggerFactory = options.LoggerFactory ?? new ConsoleLoggerFactory(options.MinimumLogLevel);
        Logger = LoggerFactory.CreateLogger("GenGemini");
        _routeTables.Add(_exactRoutes);
    }

    public GeminiOptions Options { get; }

    public AppState State { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public ILogger Logger { get; }

    /// <summary>The port actually listened on (useful with port 0); 0 before start.</summary>
    public int Port => _server?.Port ?? 0;

    /// <summary>The SHA-256 fingerprint of the default server certificate, once started.</summary>
    public string? CertificateFingerprint => _server?.CertificateFingerprint;

    /// <summary>Creates an app from command-line arguments (see <see cref="GeminiOptions.ApplyArguments"/>).</summary>
    public static GeminiApp Create(string[]? args = null, Action<GeminiOptions>? configure = null)
    {
        var options = new GeminiOptions();
        if (args is not null)
        {
            options.ApplyArguments(args);
        }

        configure?.Invoke(options);
        return new GeminiApp(options);
    }

    public static GeminiApp Create(GeminiOptions options) => new(options);

    /// <summary>Adds middleware. The first registered is the outermost; call <c>next</c> to go on.</summary>
    public GeminiApp Use(Func<GeminiContext, GeminiRequestDelegate, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        EnsureNotBuilt();
        _middleware.Add(next => context => middleware(context, next));
        return this;
    }

    /// <summary>Serves one exact path.</summary>
    public GeminiApp Map(string path, GeminiHandler handler)
    {
        EnsureNotBuilt();
        _exactRoutes.Add(path, handler);
        return this;
    }

    /// <summary>Serves one exact path with a synchronous handler.</summary>
    public GeminiApp Map(string path, Func<Request, Response> handler) =>
        Map(path, request => ValueTask.FromResult(handler(request)));

    /// <summary>Adds a route table (what the generated <c>MapGenerated()</c> calls).</summary>
    public GeminiApp MapRoutes(IRouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        EnsureNotBuilt();
        _routeTables.Add(table);
        return this;
    }

    /// <summary>
    /// Mounts a handler under <paramref name="prefix"/>: it gets the prefix itself and every path
    /// below it ("/api" takes "/api" and "/api/x", not "/apix"), before any route.
    /// </summary>
    public GeminiApp Mount(string prefix, IMountHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (prefix is null || !prefix.StartsWith('/'))
        {
            throw new ArgumentException("A mount prefix starts with '/'.", nameof(prefix));
        }

        EnsureNotBuilt();
        _mounts.Add((prefix.TrimEnd('/'), handler));
        // Longest prefix first, so "/api/v2" wins over "/api".
        _mounts.Sort((a, b) => b.Prefix.Length.CompareTo(a.Prefix.Length));
        return this;
    }

    /// <summary>Runs before the server accepts connections, in registration order.</summary>
    public GeminiApp OnStartup(Func<CancellationToken, Task> hook)
    {
        _startup.Add(hook);
        return this;
    }

    /// <summary>Runs after the server stopped, in reverse registration order.</summary>
    public GeminiApp OnShutdown(Func<CancellationToken, Task> hook)
    {
        _shutdown.Add(hook);
        return this;
    }

    /// <summary>Serves until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>, then shuts down gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>Runs the startup hooks, then starts listening.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("The app is already started.");
        }

        BuildPipeline();
        if (Options.InlineSocketCompletions && Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        foreach (var hook in _startup)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        var certificates = CertificateProvider.Create(Options, Logger);
        _server = new GeminiServer(this, certificates);
        _server.Start();
        var shownHost = Options.HostNames.Count > 0 ? Options.HostNames[0] : "localhost";
        Log.Listening(Logger, shownHost, _server.Port, _server.CertificateFingerprint);
    }

    /// <summary>Stops accepting, lets in-flight requests finish within the grace period, then runs the shutdown hooks.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_server is null)
        {
            return;
        }

        await _server.StopAsync(Options.ShutdownGracePeriod).ConfigureAwait(false);
        for (var i = _shutdown.Count - 1; i >= 0; i--)
        {
            try
            {
                await _shutdown[i](cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(Logger, "shutdown hook", ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _server?.Dispose();
    }

    /// <summary>
    /// Request acceptance, shared by the server and the in-memory test client: scans what has
    /// arrived of the request line and, once it is complete, parses it and checks that this
    /// capsule serves its host and port. Incomplete: read more. Otherwise <paramref name="refusal"/>
    /// is the 59 or 53 to answer, or null when <paramref name="uri"/> is a request to serve
    /// (on a 53 the URI is given too, for the access log).
    /// </summary>
    internal RequestLineScan AcceptRequestLine(ReadOnlySpan<byte> buffered, int listeningPort, out GeminiUri? uri, out Response? refusal)
    {
        uri = null;
        refusal = null;
        var scan = RequestLineParser.Scan(buffered, out var length);
        if (scan == RequestLineScan.Incomplete)
        {
            return scan;
        }

        if (scan != RequestLineScan.Complete)
        {
            refusal = Refusal(RequestLineParser.ScanError(scan));
        }
        else if (!RequestLineParser.TryParse(buffered[..length], out uri, out var error))
        {
            refusal = Refusal(error);
        }
        else if (!ServesAuthority(uri!, listeningPort))
        {
            refusal = Response.ProxyRequestRefused();
        }

        return scan;
    }

    /// <summary>The answer to a request line that ended before its CRLF.</summary>
    internal static Response IncompleteRequestLine() => Refusal(RequestLineParser.ScanError(RequestLineScan.Incomplete));

    private static Response Refusal(RequestError error) => new(error.Status, error.Meta);

    /// <summary>
    /// Whether this capsule serves the host and port a request names: 53 otherwise. The
    /// server's listening port is always acceptable, as is the configured public port.
    /// </summary>
    internal bool ServesAuthority(GeminiUri uri, int listeningPort)
    {
        if (uri.Port != listeningPort && uri.Port != (Options.PublicPort ?? listeningPort))
        {
            return false;
        }

        if (Options.HostNames.Count == 0)
        {
            return true;
        }

        foreach (var name in Options.HostNames)
        {
            if (string.Equals(name, uri.Host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs one request through middleware, mounts and routes. Never throws for handler faults.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Response> ProcessAsync(Request request)
    {
        var pipeline = _pipeline ?? BuildPipeline();
        var context = new GeminiContext(this, request);
        try
        {
            await pipeline(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Middleware itself failed (the endpoint's faults are mapped further in).
            context.Response = MapException(request, ex);
        }

        return context.Response ?? Response.NotFound();
    }

    private GeminiRequestDelegate BuildPipeline()
    {
        if (_pipeline is not null)
        {
            return _pipeline;
        }

        GeminiRequestDelegate pipeline = DispatchAsync;
        for (var i = _middleware.Count - 1; i >= 0; i--)
        {
            pipeline = _middleware[i](pipeline);
        }

        return _pipeline = pipeline;
    }

    private async Task DispatchAsync(GeminiContext context)
    {
        var request = context.Request;
        try
        {
            context.Response = await RouteAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            context.Response = MapException(request, ex);
        }
    }

    private ValueTask<Response> RouteAsync(GeminiContext context)
    {
        var request = context.Request;
        var path = request.Path;
        foreach (var (prefix, handler) in _mounts)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                request.MountPrefix = prefix;
                request.PathInfo = path[prefix.Length..];
                return handler.HandleAsync(context);
            }
        }

        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        var rawPath = request.RawPath;
        var count = RouteSegments.Split(rawPath, ranges, out var decoded);
        if (count >= 0)
        {
            var segments = new RouteSegments(decoded ?? rawPath, ranges[..count]);
            if (FindRoute(segments, out var index) is { } table)
            {
                return table.InvokeAsync(index, segments, request);
            }
        }

        return ValueTask.FromResult(RedirectToSlashVariant(request) ?? Response.NotFound());
    }

    /// <summary>
    /// Trailing slashes are significant (relative links resolve differently under "/docs" and
    /// "/docs/"), so a route matches only the form it declares; a request for the other form is
    /// redirected permanently rather than answered 51.
    /// </summary>
    private Response? RedirectToSlashVariant(Request request)
    {
        var rawPath = request.RawPath;
        if (rawPath == "/")
        {
            return null;
        }

        var variant = rawPath.EndsWith('/') ? rawPath[..^1] : rawPath + "/";
        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        var count = RouteSegments.Split(variant, ranges, out var decoded);
        if (count < 0)
        {
            return null;
        }

        if (FindRoute(new RouteSegments(decoded ?? variant, ranges[..count]), out _) is null)
        {
            return null;
        }

        return Response.RedirectPermanent(request.RawQuery is null ? variant : variant + "?" + request.RawQuery);
    }

    /// <summary>The first route table with a route for <paramref name="segments"/>, and that route's index.</summary>
    private IRouteTable? FindRoute(in RouteSegments segments, out int index)
    {
        foreach (var table in _routeTables)
        {
            index = table.Match(segments);
            if (index >= 0)
            {
                return table;
            }
        }

        index = -1;
        return null;
    }

    private Response MapException(Request request, Exception ex)
    {
        if (ex is GeminiException gemini && GeminiStatus.IsDefined((int)gemini.Status) && MetaValidator.Validate(gemini.Meta) is null
            && !GeminiStatus.IsSuccess(gemini.Status))
        {
            return new Response(gemini.Status, gemini.Meta);
        }

        Log.HandlerFailed(Logger, request.Url, ex);
        return Response.TemporaryFailure("Internal server error");
    }

    private void EnsureNotBuilt()
    {
        if (_pipeline is not null)
        {
            throw new InvalidOperationException("The app is already running; configure it before the first request.");
        }
    }
}
