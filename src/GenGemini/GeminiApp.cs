using GenGemini.Application;
using GenGemini.Diagnostics;
using GenGemini.Hosting;
using GenGemini.Protocol;
using GenGemini.Routing;
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
    private readonly List<(string Prefix, IGeminiHandler Handler)> _mounts = [];
    private readonly List<IRouteTable> _routeTables = [];
    private readonly List<ITitanRouteTable> _titanTables = [];
    private readonly ExactRouteTable _exactRoutes = new();
    private readonly GeminiHostedService _hosted;
    private readonly Dictionary<string, RateLimitPolicyOptions> _declaredPolicies = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _attributeWildcards = [];
    private readonly List<string> _notCrawled = [];
    private GeminiApplication? _application;
    private GeminiOptions? _options;
    private bool _hostStarted;
    private bool _disposed;

    internal GeminiApp(IHost host, string? argumentError)
    {
        _host = host;
        _argumentError = argumentError;
        LoggerFactory = host.Services.GetRequiredService<ILoggerFactory>();
        Logger = LoggerFactory.CreateLogger("GenGemini");
        Metrics = host.Services.GetRequiredService<GeminiMetrics>();
        _hosted = host.Services.GetRequiredService<GeminiHostedService>();
        _routeTables.Add(_exactRoutes);
        Scheduler = Scheduling.ScheduledTaskRunner.Attach(_hosted, LoggerFactory, Metrics, host.Services, () => Options.Limits.ShutdownGracePeriod);
    }

    /// <summary>The scheduled tasks ([Scheduled], <see cref="SchedulingExtensions.AddScheduledTask"/>), run while the app runs.</summary>
    internal Scheduling.ScheduledTaskRunner Scheduler { get; }

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

    /// <summary>The app's configuration (defaults, appsettings, environment, command line).</summary>
    public IConfiguration Configuration => _host.Services.GetRequiredService<IConfiguration>();

    /// <summary>The host environment (its name and content root).</summary>
    public IHostEnvironment Environment => _host.Services.GetRequiredService<IHostEnvironment>();

    /// <summary>Notifications of start and stop, and a way to stop the app.</summary>
    public IHostApplicationLifetime Lifetime => _host.Services.GetRequiredService<IHostApplicationLifetime>();

    /// <summary>
    /// The options, bound from configuration and code. Reading them first checks them: an invalid
    /// value throws <see cref="GeminiStartupException"/> with a one-line message.
    /// </summary>
    public GeminiOptions Options => _options ??= GeminiOptionsValidator.Resolve(_host.Services, _argumentError);

    /// <summary>Values shared by the whole app, and passed to SCGI and CGI backends by key (<see cref="GatewayOptions.AppStateKeys"/>).</summary>
    public AppState State { get; } = new();

    /// <summary>The app's logger factory (console by default).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The logger of category GenGemini.</summary>
    public ILogger Logger { get; }

    internal GeminiMetrics Metrics { get; }

    /// <summary>The port actually listened on (useful with port 0); 0 before start.</summary>
    public int Port => _hosted.Server?.Port ?? 0;

    /// <summary>Every port listened on, one per listener and address family (useful with several <see cref="GeminiOptions.Listeners"/>); empty before start.</summary>
    public IReadOnlyList<int> Ports => _hosted.Server?.Ports ?? [];

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
    public GeminiApp Map(string path, Func<Request, ValueTask<Response>> handler) => MapExact(path, handler, synchronous: false);

    /// <summary>Serves one exact path with a synchronous handler (which runs where the request was read: see <see cref="HandlerScheduling.Automatic"/>).</summary>
    public GeminiApp Map(string path, Func<Request, Response> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return MapExact(path, request => ValueTask.FromResult(handler(request)), synchronous: true);
    }

    private GeminiApp MapExact(string path, Func<Request, ValueTask<Response>> handler, bool synchronous)
    {
        EnsureNotFrozen();
        _exactRoutes.Add(path, handler, synchronous);
        return this;
    }

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
            foreach (var host in table.Hosts)
            {
                ServeHost(host);
            }

            foreach (var (name, defaults) in table.RateLimitPolicies)
            {
                _declaredPolicies[name] = defaults;
            }
        }

        return this;
    }

    /// <summary>
    /// Mounts a handler under <paramref name="prefix"/>: it gets the prefix itself and every path
    /// below it ("/api" takes "/api" and "/api/x", not "/apix"), before any route.
    /// </summary>
    public GeminiApp Mount(string prefix, IGeminiHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var normal = Routing.MountPrefixes.Normalize(prefix, out var problem)
            ?? throw new ArgumentException(char.ToUpperInvariant(problem![0]) + problem[1..] + ".", nameof(prefix));
        EnsureNotFrozen();
        _mounts.Add((normal, handler));
        return this;
    }

    /// <summary>
    /// Declares a named rate-limit policy with its defaults; each key set under
    /// <c>Gemini:RateLimit:Policies:{name}</c> in configuration overrides its default. Obsolete:
    /// declare it once with <see cref="RateLimitPolicyAttribute"/> (checked at build time), or set
    /// it in <see cref="RateLimitOptions.Policies"/>.
    /// </summary>
    [Obsolete("Declare the policy with [assembly: RateLimitPolicy(...)] (its name is then checked at build time), or set it in Gemini:RateLimit:Policies. Removed in 1.1.")]
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
        _hosted.StartupHooks.Add(hook);
        return this;
    }

    /// <summary>Runs after the server stopped, in reverse registration order.</summary>
    public GeminiApp OnShutdown(Func<CancellationToken, Task> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        _hosted.ShutdownHooks.Add(hook);
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

        var options = Options;
        var certificates = Hosting.GeminiHostedService.LoadCertificates(options, Logger);
        string[] names = [.. Hosting.GeminiHostedService.CertificateNames(certificates.Default)];
        // The served host names include the certificate's: the app freezes knowing them.
        var frozenBefore = _application is not null;
        var application = _application ??= Freeze(names);
        if (frozenBefore)
        {
            application.ServedHosts.UseCertificateNames(names); // frozen earlier (a TestClient before the start)
        }

        _hosted.Prepare(options, application, certificates, Logger, LoggerFactory);
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

    /// <summary>Stops the app if it runs, then disposes it and its host (flushing the log).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        _application?.Dispose();
        _hosted.Server?.Dispose();
        // Disposing the host flushes the console logger's queue.
        await ((IAsyncDisposable)_host).DisposeAsync().ConfigureAwait(false);
    }

    void IDisposable.Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A host a route class names ([Gemini(Host = ...)]): served, with a certificate of its own unless a wildcard.</summary>
    private void ServeHost(string host)
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
    }

    /// <summary>Runs one request through middleware, mounts and routes. Never throws for handler faults.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Its response.</returns>
    public ValueTask<Response> ProcessAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Application.ProcessAsync(request);
    }

    /// <summary>The running server, once started (null before).</summary>
    internal Transport.GeminiServer? Server => _hosted.Server;

    internal GeminiApplication Application => _application ??= Freeze([]);

    /// <summary>The router, the middleware pipeline and the rate limiters, made once from what was added.</summary>
    private GeminiApplication Freeze(IReadOnlyList<string> certificateNames)
    {
        var registrations = new AppRegistrations(_middleware, _mounts, _routeTables, _titanTables, _declaredPolicies, _attributeWildcards, _notCrawled);
        var services = new MountServices(LoggerFactory, Metrics, State, Options, null);
        return AppFreezer.Freeze(registrations, Options, Configuration, _host.Services, services, Logger, certificateNames);
    }

    /// <summary>Lists <paramref name="prefix"/> as Disallow in the generated robots.txt.</summary>
    internal void NotCrawled(string prefix) => _notCrawled.Add(prefix);

    private void EnsureNotFrozen()
    {
        if (_application is not null)
        {
            throw new InvalidOperationException("The app is already running; configure it before the first request.");
        }
    }
}
