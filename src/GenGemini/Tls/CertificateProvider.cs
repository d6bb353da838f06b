using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GenGemini.Tls;

/// <summary>
/// The server's certificates: the default one (given, loaded from PEM, or generated once and
/// kept so that clients who pinned it on first use keep trusting it) and the SNI hook, each with
/// the TLS options a handshake uses, made once per certificate.
/// </summary>
internal sealed class CertificateProvider
{
    public const string CertificateFileName = "cert.pem";
    public const string KeyFileName = "key.pem";

    private readonly Func<string?, X509Certificate2?>? _selector;
    private readonly bool _allowTlsResume;
    private readonly SslServerAuthenticationOptions _defaultOptions;
    private readonly ConcurrentDictionary<X509Certificate2, SslServerAuthenticationOptions> _optionsByCertificate = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, HostCertificate> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger _logger;
    private HostCertificate? _defaultFiles;
    private SslServerAuthenticationOptions _defaultOptionsCurrent;

    private CertificateProvider(X509Certificate2 defaultCertificate, Func<string?, X509Certificate2?>? selector, bool allowTlsResume, ILogger logger)
    {
        Default = defaultCertificate;
        _selector = selector;
        _allowTlsResume = allowTlsResume;
        _logger = logger;
        _defaultOptions = CreateOptions(defaultCertificate);
        _defaultOptionsCurrent = _defaultOptions;
    }

    public X509Certificate2 Default { get; }

    /// <summary>The certificate presented now for each host of its own, and the default one ("").</summary>
    public IEnumerable<(string Host, X509Certificate2 Certificate)> Certificates =>
        _hosts.Select(h => (h.Key, h.Value.Certificate)).Prepend((string.Empty, _defaultFiles?.Certificate ?? Default));

    /// <summary>How long a certificate file's time stamp is trusted before it is looked at again.</summary>
    internal static TimeSpan ReloadCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A certificate that lives in files: looked at again at most every <see cref="ReloadCheckInterval"/>
    /// when a handshake needs it, and reloaded when the files changed (a connection in flight keeps
    /// the one it started with; a broken replacement is logged and the old one kept).
    /// </summary>
    private sealed class HostCertificate(string host, string certPath, string keyPath, X509Certificate2 certificate, SslServerAuthenticationOptions options)
    {
        private long _checkedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        private DateTime _certWritten = File.GetLastWriteTimeUtc(certPath);
        private DateTime _keyWritten = File.GetLastWriteTimeUtc(keyPath);

        public string Host => host;

        public X509Certificate2 Certificate { get; private set; } = certificate;

        public SslServerAuthenticationOptions Options { get; private set; } = options;

        public SslServerAuthenticationOptions Current(CertificateProvider provider)
        {
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            var checkedAt = Volatile.Read(ref _checkedAt);
            if (System.Diagnostics.Stopwatch.GetElapsedTime(checkedAt, now) < ReloadCheckInterval
                || Interlocked.CompareExchange(ref _checkedAt, now, checkedAt) != checkedAt)
            {
                return Options;
            }

            var certWritten = File.GetLastWriteTimeUtc(certPath);
            var keyWritten = File.GetLastWriteTimeUtc(keyPath);
            if (certWritten == _certWritten && keyWritten == _keyWritten)
            {
                return Options;
            }

            try
            {
                var loaded = X509Certificate2.CreateFromPemFile(certPath, keyPath);
                Options = provider.CreateOptions(loaded);
                Certificate = loaded;
                (_certWritten, _keyWritten) = (certWritten, keyWritten);
                Log.CertificateReloaded(provider._logger, host.Length == 0 ? "default" : host, GenGemini.CertificateFingerprint.Sha256(loaded));
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                // Half-written (a deploy in progress) or broken: keep serving the old one, try again later.
                Log.CertificateReloadFailed(provider._logger, host.Length == 0 ? "default" : host, ex.Message);
            }

            return Options;
        }
    }

    public static CertificateProvider Create(GeminiOptions options, ILogger logger)
    {
        X509Certificate2 certificate;
        if (options.GetGivenCertificate() is { } given)
        {
            certificate = given;
        }
        else if (options.Tls.CertificatePath is not null || options.Tls.KeyPath is not null)
        {
            if (options.Tls.CertificatePath is null || options.Tls.KeyPath is null)
            {
                throw new InvalidOperationException("Give both a certificate file and its key file, or neither.");
            }

            certificate = X509Certificate2.CreateFromPemFile(options.Tls.CertificatePath, options.Tls.KeyPath);
        }
        else
        {
            certificate = LoadOrCreate(options.Tls.CertificateDirectory, [.. options.HostNames], logger);
        }

        var provider = new CertificateProvider(certificate, options.Tls.CertificateSelector, options.Tls.AllowResume, logger);
        if (options.GetGivenCertificate() is null)
        {
            var (certPath, keyPath) = options.Tls.CertificatePath is not null
                ? (options.Tls.CertificatePath, options.Tls.KeyPath!)
                : (Path.Combine(options.Tls.CertificateDirectory, CertificateFileName), Path.Combine(options.Tls.CertificateDirectory, KeyFileName));
            provider._defaultFiles = new HostCertificate(string.Empty, certPath, keyPath, certificate, provider._defaultOptions);
        }

        foreach (var (host, hostOptions) in options.Hosts)
        {
            var name = host.ToLowerInvariant();
            string certPath, keyPath;
            if (hostOptions.CertificatePath is not null && hostOptions.KeyPath is not null)
            {
                (certPath, keyPath) = (hostOptions.CertificatePath, hostOptions.KeyPath);
            }
            else
            {
                // Generated once for this host and kept, so clients that pinned it keep trusting it.
                var directory = Path.Combine(options.Tls.CertificateDirectory, name);
                LoadOrCreate(directory, [name], logger).Dispose();
                (certPath, keyPath) = (Path.Combine(directory, CertificateFileName), Path.Combine(directory, KeyFileName));
            }

            var hostCertificate = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            provider._hosts[name] = new HostCertificate(name, certPath, keyPath, hostCertificate, provider.CreateOptions(hostCertificate));
        }

        return provider;
    }

    /// <summary>The TLS options for a client hello naming <paramref name="hostName"/> (SNI).</summary>
    public SslServerAuthenticationOptions OptionsFor(string? hostName)
    {
        if (!string.IsNullOrEmpty(hostName) && _hosts.Count > 0 && _hosts.TryGetValue(hostName, out var host))
        {
            return host.Current(this);
        }

        var chosen = _selector?.Invoke(string.IsNullOrEmpty(hostName) ? null : hostName);
        if (chosen is null || ReferenceEquals(chosen, Default))
        {
            // Without SNI, or for a host without a certificate of its own: the default one.
            return _defaultFiles?.Current(this) ?? _defaultOptions;
        }

        return _optionsByCertificate.GetOrAdd(chosen, CreateOptions);
    }

    /// <summary>The TLS step's SNI callback: the options for the host name the client asked for.</summary>
    public ValueTask<SslServerAuthenticationOptions> SelectOptionsAsync(SslStream stream, SslClientHelloInfo hello, object? state, CancellationToken cancellationToken) =>
        ValueTask.FromResult(OptionsFor(hello.ServerName));

    private SslServerAuthenticationOptions CreateOptions(X509Certificate2 certificate) => new()
    {
        ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        // Ask for a client certificate, but never require one and never check it against a CA:
        // Gemini identities are self-signed by design.
        ClientCertificateRequired = true,
        RemoteCertificateValidationCallback = static (_, _, _, _) => true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowTlsResume = _allowTlsResume,
        AllowRenegotiation = false,
    };

    /// <summary>Loads the certificate kept in <paramref name="directory"/>, generating it on first use.</summary>
    public static X509Certificate2 LoadOrCreate(string directory, IReadOnlyList<string> hostNames, ILogger logger)
    {
        var certPath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }

        Internal.PrivateFiles.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = hostNames.Count > 0 ? hostNames : ["localhost"];
        var request = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Append("localhost").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));

        var now = DateTimeOffset.UtcNow;
        using var generated = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

        Internal.PrivateFiles.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());

        File.WriteAllText(certPath, generated.ExportCertificatePem());
        Log.CertificateGenerated(logger, certPath);
        return X509Certificate2.CreateFromPemFile(certPath, keyPath);
    }
}
