using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenGemini.Tests.Server;

/// <summary>Several capsules in one server: a certificate per host chosen by SNI, reloaded when replaced.</summary>
public sealed class HostCertificateTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private (string Cert, string Key) WritePem(string name, string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + host, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        var certPath = Path.Combine(_directory.Path, name + ".pem");
        var keyPath = Path.Combine(_directory.Path, name + ".key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        return (certPath, keyPath);
    }

    private static string FingerprintOfFile(string pem)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(pem));
        return CertificateFingerprint.Sha256(certificate);
    }

    /// <summary>The fingerprint of the certificate a handshake naming <paramref name="sni"/> gets (null: no SNI).</summary>
    private static async Task<string> ServedFingerprintAsync(int port, string? sni, string url)
    {
        string[] args = sni is null
            ? ["s_client", "-connect", $"127.0.0.1:{port}", "-noservername"]
            : ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", sni];
        var handshake = await OpenSslClient.RunAsync(args, System.Text.Encoding.ASCII.GetBytes(url + "\r\n")).WaitAsync(Limit);
        var text = handshake.Text;
        var pem = text[text.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)..];
        pem = pem[..(pem.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal) + 25)];
        using var certificate = X509Certificate2.CreateFromPem(pem);
        return CertificateFingerprint.Sha256(certificate);
    }

    [Fact]
    public async Task Each_host_gets_its_own_certificate_by_SNI_and_no_SNI_gets_the_default()
    {
        var certificates = Path.Combine(_directory.Path, "certs");
        var (bCert, bKey) = WritePem("b", "b.test");
        await using var server = await RunningApp.StartAsync(app => app.Map("/", r => $"host {r.Host}\n"), o =>
        {
            o.Hosts["a.test"] = new GeminiHostOptions();
            o.Hosts["b.test"] = new GeminiHostOptions { CertificatePath = bCert, KeyPath = bKey };
        }, certificateDirectory: certificates);

        var a = await ServedFingerprintAsync(server.Port, "a.test", $"gemini://a.test:{server.Port}/");
        var b = await ServedFingerprintAsync(server.Port, "b.test", $"gemini://b.test:{server.Port}/");
        var none = await ServedFingerprintAsync(server.Port, null, $"gemini://localhost:{server.Port}/");
        var page = await OpenSslClient.GetAsync(server.Port, $"gemini://a.test:{server.Port}/", "-servername", "a.test").WaitAsync(Limit);

        Assert.Equal(FingerprintOfFile(Path.Combine(certificates, "a.test", "cert.pem")), a); // generated for a.test and kept
        Assert.Equal(FingerprintOfFile(bCert), b);
        Assert.Equal(FingerprintOfFile(Path.Combine(certificates, "cert.pem")), none);
        Assert.Equal(server.App.CertificateFingerprint, none);
        Assert.Equal(3, new[] { a, b, none }.Distinct().Count());
        Assert.Equal("20 text/gemini\r\nhost a.test\n", page.Text); // a configured host is a served host
    }

    [Fact]
    public async Task A_replaced_certificate_is_used_for_new_connections_while_one_in_flight_finishes()
    {
        var (cert, key) = WritePem("live", "live.test");
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var server = await RunningApp.StartAsync(app =>
        {
            app.Map("/", _ => "# Home\n");
            app.Map("/slow", async _ =>
            {
                entered.TrySetResult();
                await release.Task;
                return Response.Success("finished");
            });
        }, o => o.Hosts["live.test"] = new GeminiHostOptions { CertificatePath = cert, KeyPath = key });
        var before = await ServedFingerprintAsync(server.Port, "live.test", $"gemini://live.test:{server.Port}/");

        var inFlight = OpenSslClient.GetAsync(server.Port, $"gemini://live.test:{server.Port}/slow", "-servername", "live.test");
        await entered.Task.WaitAsync(Limit);
        var (newCert, newKey) = WritePem("renewed", "live.test");
        File.Copy(newKey, key, overwrite: true);
        File.Copy(newCert, cert, overwrite: true);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the provider's 2 s look at the files
        var after = await ServedFingerprintAsync(server.Port, "live.test", $"gemini://live.test:{server.Port}/");
        release.SetResult();

        Assert.Equal("20 text/gemini\r\nfinished", (await inFlight.WaitAsync(Limit)).Text);
        Assert.NotEqual(before, after);
        Assert.Equal(FingerprintOfFile(newCert), after);
    }

    [Fact]
    public async Task A_host_serves_its_static_root_where_no_route_answers()
    {
        var root = Path.Combine(_directory.Path, "site");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "index.gmi"), "# Files of files.test\n");
        File.WriteAllText(Path.Combine(root, "note.txt"), "a note");
        await using var server = await RunningApp.StartAsync(app => app.Map("/code", _ => "from code\n"),
            o => o.Hosts["files.test"] = new GeminiHostOptions { StaticRoot = root });

        var index = await OpenSslClient.GetAsync(server.Port, $"gemini://files.test:{server.Port}/", "-servername", "files.test").WaitAsync(Limit);
        var note = await OpenSslClient.GetAsync(server.Port, $"gemini://files.test:{server.Port}/note.txt", "-servername", "files.test").WaitAsync(Limit);
        var code = await OpenSslClient.GetAsync(server.Port, $"gemini://files.test:{server.Port}/code", "-servername", "files.test").WaitAsync(Limit);
        var elsewhere = await OpenSslClient.GetAsync(server.Port, server.Url("/note.txt")).WaitAsync(Limit);

        Assert.Equal("20 text/gemini\r\n# Files of files.test\n", index.Text);
        Assert.Equal("20 text/plain; charset=utf-8\r\na note", note.Text);
        Assert.Equal("20 text/gemini\r\nfrom code\n", code.Text); // routes first
        Assert.StartsWith("51 ", elsewhere.Text); // only for its host
    }

    [Fact]
    public async Task The_start_lists_each_host_with_its_fingerprint_and_expiry_and_warns_about_a_certificate_that_does_not_cover_its_host()
    {
        var (cert, key) = WritePem("wrong", "other.test");
        await using var server = await RunningApp.StartAsync(app => app.Map("/", _ => "hi"),
            o => o.Hosts["mine.test"] = new GeminiHostOptions { CertificatePath = cert, KeyPath = key },
            builder: b => b.Logging.AddFakeLogging());
        var records = server.App.Services.GetFakeLogCollector().GetSnapshot();

        var listed = Assert.Single(records, r => r.Id.Id == 13 && r.GetStructuredStateValue("Host") == "mine.test");
        Assert.Equal(FingerprintOfFile(cert), listed.GetStructuredStateValue("Fingerprint"));
        Assert.Contains(records, r => r.Id.Id == 14 && r.Message.Contains("does not cover", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Id.Id == 13 && r.GetStructuredStateValue("Host") == "(default)");
    }

    [Fact]
    public async Task A_host_carries_its_own_mounts_and_rate_limit_policy_from_configuration()
    {
        var root = Path.Combine(_directory.Path, "docs");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "a.txt"), "doc a");
        var app = TestApps.Create(args:
        [
            $"--Gemini:Hosts:docs.test:Mounts:/files:StaticRoot={root}",
            "--Gemini:Hosts:docs.test:RateLimitPolicy=docs",
            "--Gemini:RateLimit:Policies:docs:PermitLimit=2",
        ]);
        app.Map("/files/a.txt", _ => "a route, shadowed on docs.test only");
        var docs = new GenGemini.Testing.TestClient(app, "docs.test");
        var local = new GenGemini.Testing.TestClient(app);

        var file = await docs.GetAsync("/files/a.txt").WaitAsync(Limit);
        var route = await local.GetAsync("/files/a.txt").WaitAsync(Limit);
        var second = await docs.GetAsync("/files/a.txt").WaitAsync(Limit);
        var third = await docs.GetAsync("/files/a.txt").WaitAsync(Limit);
        var localAgain = await local.GetAsync("/files/a.txt").WaitAsync(Limit);

        Assert.Equal("doc a", file.Text);
        Assert.Equal("a route, shadowed on docs.test only", route.Text);
        Assert.Equal((20, 44), ((int)second.Status, (int)third.Status)); // the host's policy: 2 requests
        Assert.Equal(20, (int)localAgain.Status);                         // other hosts are not counted
    }

    [Fact]
    public async Task A_host_mount_with_two_kinds_or_an_unknown_policy_fails_the_start_with_one_line()
    {
        await using var twoKinds = TestApps.Create(args: ["--Gemini:Hosts:x.test:Mounts:/m:StaticRoot=/tmp", "--Gemini:Hosts:x.test:Mounts:/m:Scgi=127.0.0.1:4000"]);
        await using var unknown = TestApps.Create(args: ["--Gemini:Hosts:x.test:RateLimitPolicy=nope"]);

        var kinds = await Assert.ThrowsAsync<GeminiStartupException>(() => twoKinds.StartAsync()).WaitAsync(Limit);
        var policy = await Assert.ThrowsAsync<GeminiStartupException>(() => unknown.StartAsync()).WaitAsync(Limit);

        Assert.Equal("Gemini:Hosts:x.test:Mounts:/m: give exactly one of StaticRoot, CgiDirectory or Scgi.", kinds.Message);
        Assert.Contains("'nope'", policy.Message);
    }
}
