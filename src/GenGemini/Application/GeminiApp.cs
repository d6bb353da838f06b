using GenGemini.Diagnostics;
using GenGemini.Hosting;
using GenGemini.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GenGemini;

/// <summary>
/// A Gemini capsule on the .NET Generic Host: its middleware, mounts and routes, lifecycle
/// hooks and state. Made by <see cref="GeminiAppBuilder.Build"/> (or <see cref="Create(string[], Action{GeminiOptions})"/>
/// in one line); what is added to it is frozen into an immutable router and pipeline when it
/// starts.
/// </summary>
public sealed class GeminiApp : IHost, IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string? _argumentError;
    private readonly List<Func<GeminiRequestDelegate, GeminiRequestDelegate>> _middleware = [];
    private readonly List<(string Prefix, IMountHandler Handler)> _mounts = [];
    private readonly List<IRouteTable> _routeTables = [];
    private readonly List<ITitanRouteTable> _titanTables = [];
    private readonly ExactRouteTable _exactRoutes = new();
    private readonly List<Func<CancellationToken, Task>> _startup = [];
    private readonly List<Func<CancellationToken, Task>> _shutdown = [];
    private readonly GeminiHostedService _hosted;
    private readonly Dictionary<string, RateLimitPolicyOptions> _declaredPolicies = new(StringComparer.OrdinalIgnoreCase);
    private RequestPipeline? _pipeline;
    private GeminiOptions? _options;
    private bool _hostStarted;
    private ServedHostSet? _servedHosts;
    private string[] _certificateNames = [];
    private readonly List<string> _attributeWildcards = [];
    private readonly Dictionary<string, string> _hostPolicies = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    internal GeminiApp(IHost host, string? argumentError)
    {
        _host = host;
        _argumentError = argumentError;
        LoggerFactory = host.Services.GetRequiredService<ILoggerFactory>();
        Logger = LoggerFactory.CreateLogger("GenGemini");
        AccessLogger = LoggerFactory.CreateLogger("GenGemini.Access");
        Metrics = host.Services.GetRequiredService<GeminiMetrics>();
        _hosted = host.Services.GetRequiredService<GeminiHostedService>();
        _routeTables.Add(_exactRoutes);
    }

    /// <summary>A builder with services, configuration and logging, as <c>WebApplication.CreateSlimBuilder</c> gives.</summary>
    public static GeminiAppBuilder CreateBuilder(string[]? args = null) => new(args);

    /// <summary>
    /// The one-line form: an app from command-line arguments (and appsettings.json and the
    /// environment), with <paramref name="configure"/> applied last.
    /// </summary>
    public static GeminiApp Create(string[]? args = null, Action<GeminiOptions>? configure = null)
    {
        var builder = new GeminiAppBuilder(args);
        if (configure is not null)
        {
            builder.ConfigureOptions(configure);
        }

        return builder.Build();
    }

    /// <summary>The app's services (the root container).</summary>
    public IServiceProvider Services => _host.Services;

    public IConfiguration Configuration => _host.Services.GetRequiredService<IConfiguration>();

    public IHostEnvironment Environment => _host.Services.GetRequiredService<IHostEnvironment>();

    public IHostApplicationLifetime Lifetime => _host.Services.GetRequiredService<IHostApplicationLifetime>();

    /// <summary>
    /// The options, bound from configuration and code. Reading them first checks them: an invalid
    /// value throws <see cref="GeminiStartupException"/> with a one-line message.
    /// </summary>
    public GeminiOptions Options => _options ??= ResolveOptions();

    public AppState State { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public ILogger Logger { get; }

    /// <summary>The access log's category, GenGemini.Access: filter it on its own (<c>Logging:LogLevel:GenGemini.Access</c>).</summary>
    internal ILogger AccessLogger { get; }

    internal GeminiMetrics Metrics { get; }

    /// <summary>The rate limiters, made when the app freezes; null when no policy limits anything.</summary>
    internal RateLimiting.RateLimits? RateLimits { get; private set; }

    /// <summary>The port actually listened on (useful with port 0); 0 before start.</summary>
    public int Port => _hosted.Server?.Port ?? 0;

    /// <summary>The SHA-256 fingerprint of the default server certificate, once started.</summary>
    public string? CertificateFingerprint => _hosted.Server?.CertificateFingerprint;

    /// <summary>Adds middleware. The first registered is the outermost; call <c>next</c> to go on.</summary>
    public GeminiApp Use(Func<GeminiContext, GeminiRequestDelegate, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        EnsureNotFrozen();
        _middleware.Add(next => context => middleware(context, next));
        return this;
    }

    /// <summary>Serves one exact path.</summary>
    public GeminiApp Map(string path, GeminiHandler handler)
    {
        EnsureNotFrozen();
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
        EnsureNotFrozen();
        if (table is ITitanRouteTable titan)
        {
            _titanTables.Add(titan); // matched only for titan:// requests
        }
        else
        {
            _routeTables.Add(table);
        }

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

        EnsureNotFrozen();
        _mounts.Add((prefix.TrimEnd('/'), handler));
        return this;
    }

    /// <summary>
    /// Declares a named rate-limit policy with its defaults (what the generated <c>MapGenerated()</c>
    /// calls for each <see cref="RateLimitPolicyAttribute"/>); each key set under
    /// <c>Gemini:RateLimit:Policies:{name}</c> in configuration overrides its default.
    /// </summary>
    public GeminiApp AddRateLimitPolicy(string name, RateLimitPolicyOptions defaults)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(defaults);
        EnsureNotFrozen();
        _declaredPolicies[name] = defaults;
        return this;
    }

    /// <summary>Runs before the server accepts connections, in registration order.</summary>
    public GeminiApp OnStartup(Func<CancellationToken, Task> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        _startup.Add(hook);
        return this;
    }

    /// <summary>Runs after the server stopped, in reverse registration order.</summary>
    public GeminiApp OnShutdown(Func<CancellationToken, Task> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        _shutdown.Add(hook);
        return this;
    }

    /// <summary>
    /// Serves until Ctrl+C, SIGTERM (through the host's lifetime) or <paramref name="cancellationToken"/>,
    /// then shuts down gracefully. An operator's mistake (<see cref="GeminiStartupException"/>) is
    /// printed as one line on standard error and sets the exit code to 1.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GeminiStartupException ex)
        {
            await Console.Error.WriteLineAsync($"{Environment.ApplicationName}: {ex.Message}").ConfigureAwait(false);
            System.Environment.ExitCode = 1;
            await DisposeAsync().ConfigureAwait(false);
            return;
        }

        try
        {
            await _host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs the app and blocks until it stops (see <see cref="RunAsync"/>).</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Checks the options, loads the certificate, binds, runs the startup hooks and starts
    /// accepting. An operator's mistake throws <see cref="GeminiStartupException"/>.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_hostStarted)
        {
            throw new InvalidOperationException("The app is already started.");
        }

        Freeze();
        var options = Options;
        _hosted.Prepare(options);
        _hostStarted = true;
        try
        {
            await _host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await _hosted.AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops accepting, lets in-flight requests finish within the grace period, then runs the shutdown hooks.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_hostStarted)
        {
            return;
        }

        await _host.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        RateLimits?.Dispose();
        _hosted.Server?.Dispose();
        // Disposing the host flushes the console logger's queue.
        if (_host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host.Dispose();
        }
    }

    void IDisposable.Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal async Task RunStartupHooksAsync(CancellationToken cancellationToken)
    {
        foreach (var hook in _startup)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }
    }

    internal async Task RunShutdownHooksAsync(CancellationToken cancellationToken)
    {
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
    /// server's listening port is always acceptable, as is the configured public port. With no
    /// host names configured the capsule serves localhost, the loopback addresses, this machine's
    /// host name and the names its certificate covers; "*" serves any host, "*.example.org" one
    /// label under example.org (not example.org itself).
    /// </summary>
    internal bool ServesAuthority(GeminiUri uri, int listeningPort)
    {
        if (uri.Port != listeningPort && uri.Port != (Options.PublicPort ?? listeningPort))
        {
            return false;
        }

        var served = _servedHosts ??= ServedHosts();
        if (served.Any || served.Names.Contains(uri.Host))
        {
            return true;
        }

        foreach (var pattern in served.Wildcards)
        {
            // The same rule as a class's Host: "*.example.org" is one label under it, not itself.
            if (Routing.RouteBinding.IsHost(uri.Host, pattern))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A host a route class names ([Gemini(Host = ...)]): served, with a certificate of its own unless a wildcard.</summary>
    internal void ServeHost(string host)
    {
        EnsureNotFrozen();
        var name = host.ToLowerInvariant();
        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            _attributeWildcards.Add(name);
        }
        else
        {
            Options.Hosts.TryAdd(name, new GeminiHostOptions());
        }

        _servedHosts = null;
    }

    /// <summary>The names the server's certificate covers, given when it is loaded: served by default.</summary>
    internal void UseCertificateNames(IEnumerable<string> names)
    {
        _certificateNames = [.. names];
        _servedHosts = null;
    }

    private sealed record ServedHostSet(bool Any, HashSet<string> Names, string[] Wildcards);

    private ServedHostSet ServedHosts()
    {
        var configured = Options.HostNames;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new List<string>();
        if (configured.Count == 0)
        {
            names.UnionWith(["localhost", "127.0.0.1", "[::1]"]);
            try
            {
                names.Add(System.Net.Dns.GetHostName().ToLowerInvariant());
            }
            catch (System.Net.Sockets.SocketException)
            {
                // No host name to add.
            }

            names.UnionWith(_certificateNames);
        }

        // Hosts with certificates of their own are served whatever else is configured.
        names.UnionWith(Options.Hosts.Keys.Select(h => h.ToLowerInvariant()));
        wildcards.AddRange(_attributeWildcards);

        foreach (var name in configured)
        {
            if (name == "*")
            {
                return new ServedHostSet(true, names, []);
            }

            if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add(name.ToLowerInvariant());
            }
            else
            {
                names.Add(name.ToLowerInvariant());
            }
        }

        return new ServedHostSet(false, names, [.. wildcards]);
    }

    /// <summary>Runs one request through middleware, mounts and routes. Never throws for handler faults.</summary>
    public ValueTask<Response> ProcessAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.RootServices ??= _host.Services;
        var pipeline = _pipeline ?? Freeze();
        // Between the protocol and the application: a client over the global limit reaches no
        // middleware and no handler.
        if (RateLimits is { HasGlobal: true } limits && limits.CheckGlobal(request) is { } limited)
        {
            return ValueTask.FromResult(limited);
        }

        if (_hostPolicies.Count > 0 && _hostPolicies.TryGetValue(request.Host, out var hostPolicy)
            && RateLimits?.Check(hostPolicy, request) is { } hostLimited)
        {
            return ValueTask.FromResult(hostLimited);
        }

        return pipeline.ProcessAsync(request);
    }

    /// <summary>The router, the middleware pipeline and the rate limiters, made once from what was added.</summary>
    private RequestPipeline Freeze()
    {
        if (_pipeline is not null)
        {
            return _pipeline;
        }

        var policies = MergePolicies(Options.RateLimit);
        foreach (var (_, handler) in _mounts)
        {
            if (handler is GuardedMount { RateLimitPolicy: { } name } && !policies.ContainsKey(name))
            {
                throw new GeminiStartupException($"A mount uses the rate-limit policy '{name}', which is neither declared ([assembly: RateLimitPolicy]) nor in Gemini:RateLimit:Policies.");
            }
        }

        foreach (var (host, hostOptions) in Options.Hosts)
        {
            if (hostOptions.RateLimitPolicy is { } name)
            {
                if (!policies.ContainsKey(name))
                {
                    throw new GeminiStartupException($"Gemini:Hosts:{host}:RateLimitPolicy names '{name}', which is neither declared ([assembly: RateLimitPolicy]) nor in Gemini:RateLimit:Policies.");
                }

                _hostPolicies[host.ToLowerInvariant()] = name;
            }
        }

        var global = Options.RateLimit;
        if (global.PermitLimit > 0 || policies.Values.Any(p => p.PermitLimit > 0))
        {
            RateLimits = new RateLimiting.RateLimits(global, policies);
        }

        return _pipeline = new RequestPipeline(this, [.. _middleware], new Router(_mounts, _routeTables, _titanTables, Options.Titan, HostRoots(), HostMounts()), Logger);
    }

    /// <summary>Mounts per host from configuration (<c>Gemini:Hosts:{host}:Mounts:{prefix}</c>).</summary>
    private Dictionary<string, (string Prefix, IMountHandler Handler)[]> HostMounts()
    {
        var result = new Dictionary<string, (string Prefix, IMountHandler Handler)[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, hostOptions) in Options.Hosts)
        {
            var mounts = new List<(string, IMountHandler)>();
            foreach (var (prefix, mount) in hostOptions.Mounts)
            {
                if (!prefix.StartsWith('/'))
                {
                    throw new GeminiStartupException($"Gemini:Hosts:{host}:Mounts: the prefix '{prefix}' must start with '/'.");
                }

                try
                {
                    mounts.Add((prefix.TrimEnd('/'), mount.CreateHandler()));
                }
                catch (FormatException ex)
                {
                    throw new GeminiStartupException($"Gemini:Hosts:{host}:Mounts:{prefix}: {ex.Message}.");
                }
            }

            if (mounts.Count > 0)
            {
                result[host.ToLowerInvariant()] = [.. mounts.OrderByDescending(m => m.Item1.Length)];
            }
        }

        return result;
    }

    /// <summary>Static files per host (<c>Gemini:Hosts:{host}:StaticRoot</c>), served where no mount or route answers.</summary>
    private Dictionary<string, IMountHandler> HostRoots() => Options.Hosts
        .Where(h => h.Value.StaticRoot is not null)
        .ToDictionary(h => h.Key.ToLowerInvariant(), h => (IMountHandler)new StaticFiles.StaticFileHandler(h.Value.StaticRoot!), StringComparer.OrdinalIgnoreCase);

    /// <summary>Declared policies, each key that configuration sets replacing its default; then configuration-only ones.</summary>
    private Dictionary<string, RateLimitPolicyOptions> MergePolicies(RateLimitOptions options)
    {
        var merged = new Dictionary<string, RateLimitPolicyOptions>(options.Policies, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, defaults) in _declaredPolicies)
        {
            var section = Configuration.GetSection($"{GeminiAppBuilder.ConfigurationSection}:RateLimit:Policies:{name}");
            if (!options.Policies.TryGetValue(name, out var bound))
            {
                merged[name] = defaults;
                continue;
            }

            merged[name] = new RateLimitPolicyOptions
            {
                PermitLimit = section[nameof(RateLimitPolicyOptions.PermitLimit)] is null ? defaults.PermitLimit : bound.PermitLimit,
                Window = section[nameof(RateLimitPolicyOptions.Window)] is null ? defaults.Window : bound.Window,
                Algorithm = section[nameof(RateLimitPolicyOptions.Algorithm)] is null ? defaults.Algorithm : bound.Algorithm,
                SegmentsPerWindow = section[nameof(RateLimitPolicyOptions.SegmentsPerWindow)] is null ? defaults.SegmentsPerWindow : bound.SegmentsPerWindow,
                TokensPerPeriod = section[nameof(RateLimitPolicyOptions.TokensPerPeriod)] is null ? defaults.TokensPerPeriod : bound.TokensPerPeriod,
                BanAfter = section[nameof(RateLimitPolicyOptions.BanAfter)] is null ? defaults.BanAfter : bound.BanAfter,
                BanDuration = section[nameof(RateLimitPolicyOptions.BanDuration)] is null ? defaults.BanDuration : bound.BanDuration,
            };
        }

        return merged;
    }

    private GeminiOptions ResolveOptions()
    {
        if (_argumentError is not null)
        {
            throw new GeminiStartupException(_argumentError);
        }

        try
        {
            return _host.Services.GetRequiredService<IOptions<GeminiOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new GeminiStartupException(string.Join(" ", ex.Failures), ex);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own words: an unknown key or a value of the wrong type.
            var message = ex.Message.ReplaceLineEndings(" ");
            var unknown = message.IndexOf("were not found on the instance of", StringComparison.Ordinal);
            throw new GeminiStartupException(
                unknown < 0
                    ? "Invalid configuration: " + message
                    : $"Unknown option(s) in the {GeminiAppBuilder.ConfigurationSection} section: {message[(message.IndexOf(':', unknown) + 1)..].Trim()}",
                ex);
        }
    }

    private void EnsureNotFrozen()
    {
        if (_pipeline is not null)
        {
            throw new InvalidOperationException("The app is already running; configure it before the first request.");
        }
    }
}
