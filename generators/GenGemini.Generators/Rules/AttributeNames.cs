namespace GenGemini.Generators.Rules;

/// <summary>The metadata names of the attributes the generator and the analyzers read: one list for both.</summary>
internal static class AttributeNames
{
    public const string Gemini = "GenGemini.GeminiAttribute";
    public const string Input = "GenGemini.InputAttribute";
    public const string Titan = "GenGemini.TitanAttribute";
    public const string Scgi = "GenGemini.ScgiAttribute";
    public const string ScgiVariable = "GenGemini.ScgiVariableAttribute";
    public const string FromServices = "GenGemini.FromServicesAttribute";
    public const string FromCertificate = "GenGemini.FromCertificateAttribute";
    public const string RateLimit = "GenGemini.RateLimitAttribute";
    public const string RateLimitPolicy = "GenGemini.RateLimitPolicyAttribute";
    public const string RequireCertificate = "GenGemini.RequireCertificateAttribute";
    public const string CertificatePolicy = "GenGemini.CertificatePolicyAttribute";
    public const string ActivatorConstructor = "Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructorAttribute";

    /// <summary>Whether <paramref name="name"/> is one of the route attributes ([Gemini], [Input], [Titan]).</summary>
    public static bool IsRoute(string? name) => name is Gemini or Input or Titan;
}
