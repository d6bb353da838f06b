using System.Diagnostics.Metrics;
using GenGemini.Diagnostics;
using GenGemini.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GenGemini;

/// <summary>
/// Builds a <see cref="GeminiApp"/> on the .NET Generic Host, slim as
/// <c>WebApplication.CreateSlimBuilder</c>: <see cref="Services"/> for dependency injection,
/// <see cref="Configuration"/> from appsettings.json, appsettings.{Environment}.json, environment
/// variables and the command line (highest last), <see cref="Logging"/> to the console (JSON with
/// <c>Logging:Console:FormatterName=json</c>, journald's format under systemd) and
/// <see cref="Metrics"/>. The "Gemini" section binds to <see cref="GeminiOptions"/>.
/// </summary>
public sealed class GeminiAppBuilder : IHostApplicationBuilder
{
    /// <summary>The configuration section bound to <see cref="GeminiOptions"/>.</summary>
    public const string ConfigurationSection = "Gemini";

    private readonly HostApplicationBuilder _host;
    private readonly string? _argumentError;
    private bool _built;

    internal GeminiAppBuilder(string[]? args)
    {
        var translated = CommandLineSwitches.Translate(args ?? [], out _argumentError);
        var commandLine = new ConfigurationBuilder().AddCommandLine(translated).Build();
        _host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            EnvironmentName = commandLine["environment"] ?? System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
            ContentRootPath = commandLine["contentRoot"] ?? Directory.GetCurrentDirectory(),
            ApplicationName = commandLine["applicationName"],
        });

        AddConfigurationSources(translated);
        AddLogging();
        Services.AddMetrics();
        Services.AddSingleton<GeminiMetrics>();
        Services.AddSingleton<GeminiHostedService>();
        Services.AddHostedService(services => services.GetRequiredService<GeminiHostedService>());
        Services.AddSingleton<IValidateOptions<GeminiOptions>, GeminiOptionsValidator>();
        Services.AddOptions<GeminiOptions>().Bind(Configuration.GetSection(ConfigurationSection), binder => binder.ErrorOnUnknownConfiguration = true);
        // The host waits a little longer than the server's own grace period before giving up.
        Services.AddOptions<HostOptions>().Configure<IOptions<GeminiOptions>>((host, gemini) =>
            host.ShutdownTimeout = SafeGracePeriod(gemini) + TimeSpan.FromSeconds(5));
        if (SystemdHelpers.IsSystemdService())
        {
            // READY=1 and STOPPING=1 notifications, and log lines in journald's format.
            Services.AddSystemd();
        }
    }

    /// <summary>Services for dependency injection: route classes and handlers get theirs from here.</summary>
    public IServiceCollection Services => _host.Services;

    /// <summary>Configuration: appsettings.json, appsettings.{Environment}.json, environment variables, command line.</summary>
    public ConfigurationManager Configuration => _host.Configuration;

    /// <summary>Logging providers and filters (the console by default).</summary>
    public ILoggingBuilder Logging => _host.Logging;

    /// <summary>Metrics listeners and filters; the capsule's meter is "GenGemini".</summary>
    public IMetricsBuilder Metrics => _host.Metrics;

    /// <summary>The environment (Production unless DOTNET_ENVIRONMENT or --environment says otherwise).</summary>
    public IHostEnvironment Environment => _host.Environment;

    IConfigurationManager IHostApplicationBuilder.Configuration => _host.Configuration;

    IDictionary<object, object> IHostApplicationBuilder.Properties => ((IHostApplicationBuilder)_host).Properties;

    /// <summary>Configures the options from code, after configuration was bound (code wins).</summary>
    public GeminiAppBuilder ConfigureOptions(Action<GeminiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Freezes the services and returns the app, on which routes, mounts and middleware are added.</summary>
    public GeminiApp Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("Build() was already called.");
        }

        _built = true;
        var host = _host.Build();
        return new GeminiApp(host, _argumentError);
    }

    void IHostApplicationBuilder.ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure) =>
        ((IHostApplicationBuilder)_host).ConfigureContainer(factory, configure);

    private static TimeSpan SafeGracePeriod(IOptions<GeminiOptions> options)
    {
        try
        {
            return options.Value.Limits.ShutdownGracePeriod;
        }
        catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException)
        {
            return TimeSpan.FromSeconds(10); // reported by the app at start, as one line
        }
    }

    private void AddConfigurationSources(string[] translated)
    {
        var configuration = _host.Configuration;
        // Lowest first. Console lines on one line each, timestamps in UTC.
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ",
        });

        var environment = _host.Environment.EnvironmentName;
        // Next to the binary (what a published capsule ships with), then in the content root
        // (the working directory, where an operator puts their own).
        var roots = new List<string> { AppContext.BaseDirectory, _host.Environment.ContentRootPath };
        foreach (var root in roots.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            configuration.AddJsonFile(Path.Combine(root, "appsettings.json"), optional: true, reloadOnChange: false);
            configuration.AddJsonFile(Path.Combine(root, $"appsettings.{environment}.json"), optional: true, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(translated);
    }

    private void AddLogging()
    {
        Logging.AddConfiguration(Configuration.GetSection("Logging"));
        // The console provider's formatters and options, written from its own thread once a
        // batch: a request neither waits for the terminal nor wakes a thread to write its line.
        Logging.AddBatchedConsole();
    }
}
