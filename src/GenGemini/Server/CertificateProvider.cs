using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace GenGemini.Server;

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

    private CertificateProvider(X509Certificate2 defaultCertificate, Func<string?, X509Certificate2?>? selector, bool allowTlsResume)
    {
        Default = defaultCertificate;
        _selector = selector;
        _allowTlsResume = allowTlsResume;
        _defaultOptions = CreateOptions(defaultCertificate);
    }

    public X509Certificate2 Default { get; }

    public static CertificateProvider Create(GeminiOptions options, ILogger logger)
    {
        X509Certificate2 certificate;
        if (options.GetGivenCertificate() is { } given)
        {
            certificate = given;
        }
        else if (options.CertificatePath is not null || options.KeyPath is not null)
        {
            if (options.CertificatePath is null || options.KeyPath is null)
            {
                throw new InvalidOperationException("Give both a certificate file and its key file, or neither.");
            }

            certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath);
        }
        else
        {
            certificate = LoadOrCreate(options.CertificateDirectory, options.HostNames, logger);
        }

        return new CertificateProvider(certificate, options.CertificateSelector, options.AllowTlsResume);
    }

    /// <summary>The TLS options for a client hello naming <paramref name="hostName"/> (SNI).</summary>
    public SslServerAuthenticationOptions OptionsFor(string? hostName)
    {
        var chosen = _selector?.Invoke(string.IsNullOrEmpty(hostName) ? null : hostName);
        if (chosen is null || ReferenceEquals(chosen, Default))
        {
            return _defaultOptions;
        }

        return _optionsByCertificate.GetOrAdd(chosen, CreateOptions);
    }

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

        Directory.CreateDirectory(directory);
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

        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(certPath, generated.ExportCertificatePem());
        Log.CertificateGenerated(logger, Path.GetFullPath(certPath));
        return X509Certificate2.CreateFromPemFile(certPath, keyPath);
    }
}
