using System.Security.Cryptography.X509Certificates;

namespace GenGemini;

/// <summary>
/// TLS and certificates (configuration <c>Gemini:Tls</c>): the certificate to present, where the
/// generated one is kept, and session resumption.
/// </summary>
public sealed class GeminiTlsOptions
{
    // A field, so that the configuration binder never looks into X509Certificate2.
    private X509Certificate2? _certificate;

    /// <summary>PEM certificate file; with <see cref="KeyPath"/>, replaces the generated certificate.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private-key file for <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Where the generated self-signed certificate is kept between runs (and the relay's pins).</summary>
    public string CertificateDirectory { get; set; } = ".certificates";

    /// <summary>TLS 1.3 session resumption (tickets): much cheaper returning clients.</summary>
    public bool AllowResume { get; set; } = true;

    /// <summary>
    /// SNI hook: given the host name the client asked for (null without SNI), returns the
    /// certificate to present, or null for the default one. Code only, never configuration.
    /// </summary>
    public Func<string?, X509Certificate2?>? CertificateSelector { get; set; }

    /// <summary>
    /// Presents <paramref name="certificate"/> (with its private key) instead of the PEM files or
    /// the generated certificate. A method, not a property: a certificate comes from code, never
    /// from configuration.
    /// </summary>
    public GeminiTlsOptions UseCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _certificate = certificate;
        return this;
    }

    /// <summary>The certificate given by <see cref="UseCertificate"/>, if any.</summary>
    internal X509Certificate2? GetGivenCertificate() => _certificate;
}
