namespace GenGemini;

/// <summary>
/// A route (or every route of a class) answers only clients with a certificate: <c>60</c> without
/// one, <c>62</c> when it is outside its validity dates, and with <see cref="Policy"/> <c>61</c>
/// unless its certificate or public-key hash is in that policy (<c>Gemini:CertificatePolicies:{name}</c>).
/// A policy is declared with <see cref="CertificatePolicyAttribute"/>; an unknown name fails the build (GG0025).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RequireCertificateAttribute : Attribute
{
    /// <summary>The policy whose identities are let in; null lets in any valid certificate.</summary>
    public string? Policy { get; set; }
}
