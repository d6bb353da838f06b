[assembly: GenGemini.CertificatePolicy("admins")]

namespace GenGemini.Tests.Certificates;

[Gemini("/members")]
public static partial class MemberRoutes
{
    [Gemini("any"), RequireCertificate]
    public static string Any(Request request) => "hello " + request.ClientCertificateHash;

    [Gemini("admin"), RequireCertificate(Policy = "admins")]
    public static string Admin() => "admin";

    [Gemini("open")]
    public static string Open() => "open";
}

[Gemini("/vault"), RequireCertificate]
public static partial class VaultRoutes
{
    [Gemini("x")]
    public static string X() => "x";
}
