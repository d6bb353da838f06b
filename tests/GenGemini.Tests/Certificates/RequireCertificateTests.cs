using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Generated;
using GenGemini.Testing;
using GenGemini.Tests.Hosting;
using GenGemini.Tests.Infrastructure;
using GenGemini.Tests.Routing;

namespace GenGemini.Tests.Certificates;

/// <summary>[RequireCertificate]: 60 without a certificate, 61 outside a policy, 62 outside its dates.</summary>
public sealed class RequireCertificateTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static void Configure(GeminiApp app) => GeneratedApps.Map(app);

    private static TestClient Client(Action<GeminiOptions>? options = null) => new(GeneratedApps.Create(options));

    [Fact]
    public async Task Without_a_certificate_a_protected_route_is_60_and_others_are_served()
    {
        var client = Client();

        Assert.Equal(60, (int)(await client.GetAsync("/members/any").WaitAsync(Limit)).Status);
        Assert.Equal(60, (int)(await client.GetAsync("/members/admin").WaitAsync(Limit)).Status);
        Assert.Equal(60, (int)(await client.GetAsync("/vault/x").WaitAsync(Limit)).Status); // on the class
        Assert.Equal("open", (await client.GetAsync("/members/open").WaitAsync(Limit)).Text);
    }

    [Fact]
    public async Task Any_certificate_passes_where_no_policy_is_named()
    {
        var response = await Client().WithCertificate("ab12").GetAsync("/members/any").WaitAsync(Limit);

        Assert.Equal("hello ab12", response.Text);
    }

    [Fact]
    public async Task A_policy_lets_in_its_certificate_hashes_and_public_key_hashes_and_answers_61_to_others()
    {
        var app = TestApps.Create(o => o.CertificatePolicies["admins"] = ["aa11", "key22"], b => InjectedCapsule.AddServices(b.Services));
        Configure(app);
        var client = new TestClient(app);

        var member = await client.WithCertificate("AA11").GetAsync("/members/admin").WaitAsync(Limit);
        var byKey = await new TestClient(app) { ClientCertificateHash = "renewed", ClientPublicKeyHash = "key22" }.GetAsync("/members/admin").WaitAsync(Limit);
        var stranger = await client.WithCertificate("ff99").GetAsync("/members/admin").WaitAsync(Limit);

        Assert.Equal("admin", member.Text);
        Assert.Equal("admin", byKey.Text);
        Assert.Equal((61, "Certificate not authorised"), ((int)stranger.Status, stranger.Meta));
    }

    [Fact]
    public async Task A_mount_takes_the_same_requirement()
    {
        var app = TestApps.Create();
        app.Mount("/private-mount", new Fixed().RequireCertificate());
        var client = new TestClient(app);

        Assert.Equal(60, (int)(await client.GetAsync("/private-mount/a").WaitAsync(Limit)).Status);
        Assert.Equal(20, (int)(await client.WithCertificate("ab").GetAsync("/private-mount/a").WaitAsync(Limit)).Status);
    }

    [Fact]
    public async Task Over_TLS_a_certificate_outside_its_validity_dates_is_62()
    {
        using var directory = new TempDirectory();
        await using var server = await RunningApp.StartAsync(Configure, builder: GeneratedApps.AddServices);
        var (expiredCert, expiredKey) = Write(directory, "expired", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        var (validCert, validKey) = Write(directory, "valid", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var expired = await OpenSslClient.GetAsync(server.Port, server.Url("/members/any"), "-cert", expiredCert, "-key", expiredKey).WaitAsync(Limit);
        var valid = await OpenSslClient.GetAsync(server.Port, server.Url("/members/any"), "-cert", validCert, "-key", validKey).WaitAsync(Limit);
        var none = await OpenSslClient.GetAsync(server.Port, server.Url("/members/any")).WaitAsync(Limit);

        Assert.Equal("62 Certificate not valid now\r\n", expired.Text);
        Assert.StartsWith("20 text/gemini\r\nhello ", valid.Text);
        Assert.StartsWith("60 ", none.Text);
    }

    private static (string Cert, string Key) Write(TempDirectory directory, string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        var certPath = Path.Combine(directory.Path, name + ".pem");
        var keyPath = Path.Combine(directory.Path, name + ".key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    private sealed class Fixed : IGeminiHandler
    {
        public ValueTask<Response> HandleAsync(Request request) => ValueTask.FromResult(Response.Success("private"));
    }
}
