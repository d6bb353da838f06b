namespace GenGemini;

/// <summary>
/// Declares a certificate policy: <c>[assembly: CertificatePolicy("admins")]</c>. Its members are
/// certificate hashes or public-key hashes (lower-case hex SHA-256) listed in
/// <c>Gemini:CertificatePolicies:admins</c>; a public-key hash keeps working when the client renews.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class CertificatePolicyAttribute : Attribute
{
    public CertificatePolicyAttribute(string name) => Name = name;

    public string Name { get; }
}
