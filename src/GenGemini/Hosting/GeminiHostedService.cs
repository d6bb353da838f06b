using System.Net.Sockets;
using System.Security.Cryptography;
using GenGemini.Diagnostics;
using GenGemini.Tls;
using GenGemini.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GenGemini.Hosting;

/// <summary>
/// The host's side of a capsule: the server is prepared (options checked, certificate loaded,
/// sockets bound) before the host starts, so an operator's mistake is one line, not a host
/// failure with a stack trace; the host then starts it (startup hooks, then accepting) and stops
/// it on SIGTERM or Ctrl+C (in-flight requests finish within the grace period, then the shutdown
/// hooks run).
/// </summary>
internal sealed class GeminiHostedService : IHostedService
{
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private readonly GeminiMetrics _metrics;
    private Prepared? _prepared;
    private GeminiServer? _server;
    private bool _started;

    public GeminiHostedService(GeminiMetrics metrics) => _metrics = metrics;

    public GeminiServer? Server => _server;

    /// <summary>Run before the server accepts connections, in registration order.</summary>
    public List<Func<CancellationToken, Task>> StartupHooks { get; } = [];

    /// <summary>Run after the server stopped, in reverse registration order (a failing one is logged, the rest still run).</summary>
    public List<Func<CancellationToken, Task>> ShutdownHooks { get; } = [];

    /// <summary>What the app gives the hosted service to run: it never reads the app itself.</summary>
    private sealed record Prepared(GeminiOptions Options, ILogger Logger);

    /// <summary>
    /// Loads the certificate (the served host names follow from it, so the app freezes after this);
    /// throws <see cref="GeminiStartupException"/>.
    /// </summary>
    public static CertificateProvider LoadCertificates(GeminiOptions options, ILogger logger)
    {
        if (options.InlineSocketCompletions && Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        try
        {
            return CertificateProvider.Create(options, logger);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new GeminiStartupException($"Cannot load the certificate: {OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>Binds the frozen <paramref name="application"/> with its certificates; throws <see cref="GeminiStartupException"/>.</summary>
    public void Prepare(GeminiOptions options, Application.GeminiApplication application, CertificateProvider certificates, ILogger logger, ILoggerFactory loggerFactory)
    {
        _prepared = new Prepared(options, logger);
        var server = new GeminiServer(options, application, certificates, _metrics, loggerFactory);
        try
        {
            server.Bind();
        }
        catch (SocketException ex)
        {
            server.Dispose();
            var where = server.FailedListener ?? $"{options.ListenAddress} port {options.Port}";
            throw new GeminiStartupException(ex.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => $"Cannot listen on {where}: the port is already in use.",
                SocketError.AccessDenied => $"Cannot listen on {where}: permission denied (ports below 1024 need privileges).",
                SocketError.AddressNotAvailable => $"Cannot listen on {where}: this machine has no such address.",
                _ => $"Cannot listen on {where}: {OneLine(ex.Message)}",
            }, ex);
        }

        _server = server;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var app = _prepared!;
        foreach (var hook in StartupHooks)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        _server!.StartAccepting();
        _started = true;
        Log.Listening(app.Logger, app.Options.HostNames.Count > 0 ? app.Options.HostNames[0] : "localhost", _server.Port, _server.CertificateFingerprint);
        foreach (var (host, certificate) in _server.Certificates.Certificates)
        {
            var name = host.Length == 0 ? "(default)" : host;
            Log.HostCertificate(app.Logger, name, CertificateFingerprint.Sha256(certificate), certificate.NotAfter.ToUniversalTime());
            if (certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow.AddDays(30))
            {
                Log.CertificateProblem(app.Logger, name, $"the certificate expires on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}, within 30 days");
            }

            if (host.Length > 0 && !CertificateNames(certificate).Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                Log.CertificateProblem(app.Logger, name, "the certificate does not cover this host name");
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not { } server)
        {
            return;
        }

        await server.StopAsync(_prepared!.Options.Limits.ShutdownGracePeriod).ConfigureAwait(false);
        if (_started)
        {
            _started = false;
            for (var i = ShutdownHooks.Count - 1; i >= 0; i--)
            {
                try
                {
                    await ShutdownHooks[i](cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Log.HandlerFailed(_prepared.Logger, "shutdown hook", ex);
                }
            }
        }
    }

    /// <summary>Closes the sockets of a server that was prepared but never started.</summary>
    public async Task AbandonAsync()
    {
        if (_server is { } server && !_started)
        {
            await server.StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        }
    }

    /// <summary>The DNS names a certificate covers (its subject alternative names, else its CN).</summary>
    internal static IEnumerable<string> CertificateNames(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames())
            .ToList();
        if (names.Count == 0 && certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.DnsName, forIssuer: false) is { Length: > 0 } cn)
        {
            names.Add(cn);
        }

        return names.Where(n => !n.StartsWith("*.", StringComparison.Ordinal)).Select(n => n.ToLowerInvariant());
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
