using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Certificates;
using GenGemini.Protocol;

namespace GenGemini.Tests.Certificates;

/// <summary>The certificate check on its own: no certificate, outside its dates (by a second), in or out of a policy.</summary>
public sealed class CertificateRequirementTests
{
    private static X509Certificate2 Certificate(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=visitor", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    private static Request From(X509Certificate2? certificate)
    {
        Assert.True(RequestLineParser.TryParse("gemini://localhost/members"u8, out var uri, out _));
        var connection = new ConnectionInfo(new IPEndPoint(IPAddress.Loopback, 40000), certificate, SslProtocols.Tls13, null);
        return new GeminiExchange(uri!, connection).Request;
    }

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Without_a_certificate_the_answer_is_60() =>
        Assert.Equal(StatusCode.ClientCertificateRequired, CertificateRequirement.Check(From(null), null, null)!.Status);

    [Fact]
    public void A_certificate_outside_its_dates_is_62_and_one_inside_them_passes()
    {
        Assert.Equal(StatusCode.CertificateNotValid, CertificateRequirement.Check(From(Certificate(Now.AddDays(-10), Now.AddMinutes(-1))), null, null)!.Status);
        Assert.Equal(StatusCode.CertificateNotValid, CertificateRequirement.Check(From(Certificate(Now.AddMinutes(1), Now.AddDays(10))), null, null)!.Status);
        Assert.Null(CertificateRequirement.Check(From(Certificate(Now.AddMinutes(-1), Now.AddMinutes(1))), null, null));
        Assert.Null(CertificateRequirement.Check(From(Certificate(Now.AddMinutes(-1), Now.AddMinutes(1))), "", null)); // no policy named
    }

    [Fact]
    public void A_policy_admits_its_members_by_certificate_or_key_hash_in_any_case_and_no_one_else()
    {
        var member = From(Certificate(Now.AddDays(-1), Now.AddDays(1)));
        var stranger = From(Certificate(Now.AddDays(-1), Now.AddDays(1)));
        var byCertificate = new Dictionary<string, IList<string>> { ["admins"] = ["0000", member.ClientCertificateHash!.ToUpperInvariant()] };
        var byKey = new Dictionary<string, IList<string>> { ["admins"] = [member.ClientPublicKeyHash!.ToUpperInvariant()] };

        Assert.Null(CertificateRequirement.Check(member, "admins", byCertificate));
        Assert.Null(CertificateRequirement.Check(member, "admins", byKey));
        Assert.Equal(StatusCode.CertificateNotAuthorised, CertificateRequirement.Check(stranger, "admins", byCertificate)!.Status);
        Assert.Equal(StatusCode.CertificateNotAuthorised, CertificateRequirement.Check(stranger, "admins", byKey)!.Status);
        Assert.Equal(StatusCode.CertificateNotAuthorised, CertificateRequirement.Check(member, "editors", byCertificate)!.Status); // no such policy
        Assert.Equal(StatusCode.CertificateNotAuthorised, CertificateRequirement.Check(member, "admins", null)!.Status);
        Assert.Equal("Certificate not authorised", CertificateRequirement.Check(stranger, "admins", byKey)!.Meta);
    }
}
