using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Server;

public class LifecycleAndSniTests
{
    [Fact]
    public async Task Startup_hooks_run_in_order_before_serving_and_shutdown_hooks_in_reverse()
    {
        var log = new List<string>();
        var server = await RunningApp.StartAsync(app =>
        {
            app.OnStartup(_ => { log.Add("start 1"); return Task.CompletedTask; });
            app.OnStartup(_ => { log.Add("start 2"); app.State["ready"] = "yes"; return Task.CompletedTask; });
            app.OnShutdown(_ => { log.Add("stop 1"); return Task.CompletedTask; });
            app.OnShutdown(_ => { log.Add("stop 2"); return Task.CompletedTask; });
            app.Map("/", _ => $"ready={app.State["ready"]}");
        });

        var response = await OpenSslClient.GetAsync(server.Port, server.Url("/"));
        await server.DisposeAsync();

        Assert.Equal("20 text/gemini\r\nready=yes", response.Text);
        Assert.Equal(["start 1", "start 2", "stop 2", "stop 1"], log);
    }

    [Fact]
    public async Task The_SNI_hook_chooses_the_certificate_per_host_name()
    {
        using var other = MakeCertificate("other.example");
        await using var server = await RunningApp.StartAsync(
            app => app.Map("/", _ => "hi"),
            o => o.CertificateSelector = host => host == "other.example" ? other : null);

        var forOther = await OpenSslClient.RunAsync(["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "other.example"], "gemini://other.example/\r\n"u8.ToArray());
        var forDefault = await OpenSslClient.RunAsync(["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "localhost"], "gemini://localhost/\r\n"u8.ToArray());

        Assert.Contains("subject=CN = other.example", forOther.Text);
        Assert.Contains("subject=CN = localhost", forDefault.Text);
    }

    private static X509Certificate2 MakeCertificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        return X509Certificate2.CreateFromPem(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
