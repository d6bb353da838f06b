using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GenGemini.Tests.Server;

/// <summary>Time limits, served authorities and session resumption, over real TLS.</summary>
public sealed class ServerLimitsTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static void Home(GeminiApp app) => app.Map("/", _ => "# Home\n");

    [Fact]
    public async Task A_client_that_never_starts_its_handshake_is_dropped_after_the_handshake_timeout()
    {
        await using var server = await RunningApp.StartAsync(Home, o => o.HandshakeTimeout = TimeSpan.FromSeconds(1));
        using var handshakes = new MetricCollector<double>(server.App.Services.GetRequiredService<IMeterFactory>(), "GenGemini", "gemini.server.tls_handshake.duration");
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(Limit);

        var openAtFirst = !silent.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead); // 1/5 of the limit: still open
        var read = await silent.ReceiveAsync(new ArraySegment<byte>(new byte[16]), SocketFlags.None).WaitAsync(Limit);
        await handshakes.WaitForMeasurementsAsync(1, Limit);

        Assert.True(openAtFirst);
        Assert.Equal(0, read); // closed, without a byte
        Assert.Equal("timeout", handshakes.GetMeasurementSnapshot().Single().Tags["error.type"]);

        // The server still serves. With a one-second handshake limit, a client process started on a
        // busy machine can itself be too slow once; a working server answers one of three tries.
        var answer = string.Empty;
        for (var attempt = 0; attempt < 3 && !answer.StartsWith("20 ", StringComparison.Ordinal); attempt++)
        {
            answer = (await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit)).Text;
        }

        Assert.StartsWith("20 ", answer);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_after_the_response_timeout()
    {
        var big = new byte[64 * 1024 * 1024];
        await using var server = await RunningApp.StartAsync(app =>
        {
            Home(app);
            app.Map("/big", _ => Response.Success(big, "application/octet-stream"));
        }, o => o.ResponseTimeout = TimeSpan.FromSeconds(1));
        using var active = new MetricCollector<long>(server.App.Services.GetRequiredService<IMeterFactory>(), "GenGemini", "gemini.server.active_connections");
        using var tcp = new TcpClient { ReceiveBufferSize = 64 * 1024 };
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(Limit);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(Limit);
        await tls.WriteAsync(System.Text.Encoding.ASCII.GetBytes(server.Url("/big") + "\r\n")).AsTask().WaitAsync(Limit);

        // Read nothing: the server's writes fill the socket buffers and block; it must give up.
        var deadline = DateTime.UtcNow + Limit;
        while (active.GetMeasurementSnapshot().Sum(m => m.Value) != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the stalled connection was never closed");
            await Task.Delay(50);
        }

        long received = 0;
        try
        {
            var buffer = new byte[65536];
            int n;
            while ((n = await tls.ReadAsync(buffer).AsTask().WaitAsync(Limit)) > 0)
            {
                received += n;
            }
        }
        catch (IOException)
        {
        }

        Assert.True(received < big.Length, $"received {received} of {big.Length} bytes");
        Assert.StartsWith("20 ", (await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit)).Text);
    }

    [Fact]
    public async Task With_host_names_set_other_hosts_get_53_over_TLS()
    {
        await using var server = await RunningApp.StartAsync(Home, o => o.HostNames.Add("capsule.example"));

        var listed = await OpenSslClient.GetAsync(server.Port, $"gemini://capsule.example:{server.Port}/", "-servername", "capsule.example").WaitAsync(Limit);
        var upper = await OpenSslClient.GetAsync(server.Port, $"gemini://CAPSULE.example:{server.Port}/").WaitAsync(Limit);
        var other = await OpenSslClient.GetAsync(server.Port, $"gemini://elsewhere.example:{server.Port}/").WaitAsync(Limit);

        Assert.Equal("20 text/gemini\r\n# Home\n", listed.Text);
        Assert.StartsWith("20 ", upper.Text);
        Assert.Equal("53 Proxy request refused\r\n", other.Text);
    }

    [Fact]
    public async Task With_no_host_names_localhost_loopback_and_the_machine_are_served_and_other_hosts_get_53_over_TLS()
    {
        await using var server = await RunningApp.StartAsync(Home);
        var machine = System.Net.Dns.GetHostName().ToLowerInvariant();

        var served = new List<string>();
        foreach (var host in new[] { "localhost", "127.0.0.1", "[::1]", machine })
        {
            served.Add((await OpenSslClient.GetAsync(server.Port, $"gemini://{host}:{server.Port}/").WaitAsync(Limit)).Text);
        }

        var foreign = await OpenSslClient.GetAsync(server.Port, $"gemini://wikipedia.org:{server.Port}/").WaitAsync(Limit);

        Assert.All(served, text => Assert.Equal("20 text/gemini\r\n# Home\n", text));
        Assert.Equal("53 Proxy request refused\r\n", foreign.Text);
    }

    [Fact]
    public async Task The_names_a_given_certificate_covers_are_served()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=capsule.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddDnsName("capsule.test");
        san.AddDnsName("www.capsule.test");
        request.CertificateExtensions.Add(san.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(made.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        await using var server = await RunningApp.StartAsync(Home, o => o.UseCertificate(certificate));

        var www = await OpenSslClient.GetAsync(server.Port, $"gemini://www.capsule.test:{server.Port}/").WaitAsync(Limit);
        var other = await OpenSslClient.GetAsync(server.Port, $"gemini://other.test:{server.Port}/").WaitAsync(Limit);

        Assert.StartsWith("20 ", www.Text);
        Assert.StartsWith("53 ", other.Text);
    }

    [Fact]
    public async Task A_star_serves_any_host_and_a_wildcard_one_label()
    {
        await using var any = await RunningApp.StartAsync(Home, o => o.HostNames.Add("*"));
        await using var wild = await RunningApp.StartAsync(Home, o => o.HostNames.Add("*.example.org"));

        Assert.StartsWith("20 ", (await OpenSslClient.GetAsync(any.Port, $"gemini://anything.example:{any.Port}/").WaitAsync(Limit)).Text);
        Assert.StartsWith("20 ", (await OpenSslClient.GetAsync(wild.Port, $"gemini://blog.example.org:{wild.Port}/").WaitAsync(Limit)).Text);
        Assert.StartsWith("53 ", (await OpenSslClient.GetAsync(wild.Port, $"gemini://example.org:{wild.Port}/").WaitAsync(Limit)).Text);
        Assert.StartsWith("53 ", (await OpenSslClient.GetAsync(wild.Port, $"gemini://a.b.example.org:{wild.Port}/").WaitAsync(Limit)).Text);
    }

    [Fact]
    public async Task The_public_port_and_the_listening_port_are_served_and_others_get_53()
    {
        await using var server = await RunningApp.StartAsync(Home, o => o.PublicPort = 1965);

        var publicPort = await OpenSslClient.GetAsync(server.Port, "gemini://localhost:1965/").WaitAsync(Limit);
        var defaultPort = await OpenSslClient.GetAsync(server.Port, "gemini://localhost/").WaitAsync(Limit);
        var listening = await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit);
        var wrong = await OpenSslClient.GetAsync(server.Port, "gemini://localhost:1966/").WaitAsync(Limit);

        Assert.StartsWith("20 ", publicPort.Text);
        Assert.StartsWith("20 ", defaultPort.Text); // no port in the URL means 1965
        Assert.StartsWith("20 ", listening.Text);
        Assert.Equal("53 Proxy request refused\r\n", wrong.Text);
    }

    [Fact]
    public async Task A_returning_client_resumes_its_TLS_session()
    {
        await using var server = await RunningApp.StartAsync(Home);
        using var directory = new TempDirectory();
        var session = Path.Combine(directory.Path, "session.pem");
        var request = System.Text.Encoding.ASCII.GetBytes(server.Url("/") + "\r\n");
        string[] Args(string flag) => ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "localhost", "-ign_eof", flag, session];

        var first = await OpenSslClient.RunAsync(Args("-sess_out"), request).WaitAsync(Limit);
        var second = await OpenSslClient.RunAsync(Args("-sess_in"), request).WaitAsync(Limit);

        Assert.Contains("New, TLSv1.3", first.Text);
        Assert.Contains("Reused, TLSv1.3", second.Text);
        Assert.Contains("# Home", second.Text);
    }

    [Fact]
    public async Task Resumption_can_be_turned_off()
    {
        await using var server = await RunningApp.StartAsync(Home, o => o.AllowTlsResume = false);
        using var directory = new TempDirectory();
        var session = Path.Combine(directory.Path, "session.pem");
        var request = System.Text.Encoding.ASCII.GetBytes(server.Url("/") + "\r\n");
        string[] Args(string flag) => ["s_client", "-connect", $"127.0.0.1:{server.Port}", "-servername", "localhost", "-ign_eof", flag, session];

        await OpenSslClient.RunAsync(Args("-sess_out"), request).WaitAsync(Limit);
        var second = File.Exists(session) ? await OpenSslClient.RunAsync(Args("-sess_in"), request).WaitAsync(Limit) : null;

        Assert.DoesNotContain("Reused", second?.Text ?? string.Empty);
    }

    [Fact]
    public async Task Serves_with_inline_socket_completions_off_in_a_process_of_its_own()
    {
        // .NET reads the inline-completions switch once per process, and this test process set it
        // on its first start: only a process of its own shows the other setting.
        using var directory = new TempDirectory();
        var (process, port) = await SampleProcess.StartAsync(directory.Path, "--Gemini:InlineSocketCompletions=false");
        using (process)
        {
            try
            {
                var pages = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => OpenSslClient.GetAsync(port, $"gemini://localhost:{port}/planets/{n}"))).WaitAsync(Limit);

                Assert.All(pages, p => Assert.StartsWith("20 text/gemini\r\n# ", p.Text));
                Assert.Contains(pages, p => p.Text.Contains("# Neptune", StringComparison.Ordinal));
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(Limit);
            }
        }
    }
}
