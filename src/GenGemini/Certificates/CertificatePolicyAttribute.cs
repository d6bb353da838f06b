namespace GenGemini;

/// <summary>
/// Declares a certificate policy: <c>[assembly: CertificatePolicy("admins")]</c>. Its members are
/// certificate hashes or public-key hashes (lower-case hex SHA-256) listed in
/// <c>Gemini:CertificatePolicies:admins</c>; a public-key hash keeps working when the client renews.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class CertificatePolicyAttribute : Attribute
{
    /// <summary>Declares the certificate policy <paramref name="name"/>.</summary>
    public CertificatePolicyAttribute(string name) => Name = name;

    /// <summary>The policy's name, as <c>[RequireCertificate(Policy = ...)]</c> and <c>Gemini:CertificatePolicies</c> spell it.</summary>
    public string Name { get; }
}
