using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GenGemini;

/// <summary>Certificate identities as Gemini servers print them.</summary>
public static class CertificateFingerprint
{
    /// <summary>Lower-case hex SHA-256 of the DER encoding (not the SHA-1 <c>Thumbprint</c>).</summary>
    public static string Sha256(X509Certificate2 certificate)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(certificate.RawDataMemory.Span, hash);
        return Convert.ToHexStringLower(hash);
    }
}
