using System.Security.Cryptography.X509Certificates;
using GenGemini.Generated;
using GenGemini.Testing;
using GenGemini.Tests.Hosting;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Routing;

/// <summary>Classes scoped to a host with [Gemini("/", Host = ...)]: one server, several capsules.</summary>
public sealed class HostRoutingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static void Configure(GeminiApp app) => GeneratedApps.Map(app);

    private static GeminiApp App() => GeneratedApps.Create();

    [Theory]
    [InlineData("blog.test", 20, "blog")]
    [InlineData("BLOG.test", 20, "blog")]
    [InlineData("wiki.test", 20, "wiki")]
    [InlineData("a.pages.test", 20, "pages a.pages.test")]
    [InlineData("pages.test", 53, "")]          // the wildcard's parent is not covered
    [InlineData("a.b.pages.test", 53, "")]      // one label only
    [InlineData("localhost", 51, "")]           // served, but these routes are not its own
    [InlineData("other.test", 53, "")]
    public async Task A_class_with_a_host_answers_only_for_it(string host, int status, string body)
    {
        var response = await new TestClient(App(), host).GetAsync("/hosted").WaitAsync(Limit);

        Assert.Equal(status, (int)response.Status);
        if (status == 20)
        {
            Assert.Equal(body, response.Text);
        }
    }

    [Fact]
    public void Typed_links_stay_relative_with_an_absolute_variant_for_other_hosts()
    {
        Assert.Equal("/hosted", BlogHost.Links.Home());
        Assert.Equal("gemini://blog.test/hosted", BlogHost.Links.HomeUrl());
        Assert.Equal("gemini://wiki.test/hosted", WikiHost.Links.HomeUrl());
    }

    [Fact]
    public async Task Classes_without_a_host_answer_on_every_served_host()
    {
        var app = App();

        var onBlog = await new TestClient(app, "blog.test").GetAsync("/di/clock").WaitAsync(Limit);
        var onLocalhost = await new TestClient(app).GetAsync("/di/clock").WaitAsync(Limit);

        Assert.Equal(("no clock", "no clock"), (onBlog.Text, onLocalhost.Text));
    }

    [Fact]
    public async Task Over_TLS_each_host_has_its_generated_certificate_and_its_routes()
    {
        using var certificates = new TempDirectory();
        await using var server = await RunningApp.StartAsync(Configure, certificateDirectory: certificates.Path, builder: GeneratedApps.AddServices);

        var blog = await OpenSslClient.RunAsync(["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "blog.test", "-ign_eof"], System.Text.Encoding.ASCII.GetBytes($"gemini://blog.test:{server.Port}/hosted\r\n")).WaitAsync(Limit);
        var wiki = await OpenSslClient.GetAsync(server.Port, $"gemini://wiki.test:{server.Port}/hosted", "-servername", "wiki.test").WaitAsync(Limit);
        using var blogCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(certificates.Path, "blog.test", "cert.pem")));

        Assert.Contains("subject=CN = blog.test", blog.Text);
        Assert.Contains("\r\nblog", blog.Text);
        Assert.Equal("20 text/gemini\r\nwiki", wiki.Text);
        Assert.Contains("blog.test", blogCertificate.Subject);
    }
}
