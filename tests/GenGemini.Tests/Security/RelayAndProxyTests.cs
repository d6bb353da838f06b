using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GenGemini.Relay;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenGemini.Tests.Security;

/// <summary>What a backend, a balancer and a certificate's subject can and cannot do.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RelayAndProxyTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static Task<RunningApp> BackendAsync(int port, string certificates) =>
        RunningApp.StartAsync(app => app.Map("/page", _ => "# Backend\n"), o => o.Port = port, certificateDirectory: certificates);

    [Fact]
    public async Task A_trust_on_first_use_pin_survives_a_restart_and_a_changed_certificate_is_43_and_a_warning()
    {
        using var front = new TempDirectory();
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        int port;
        await using (var backend = await BackendAsync(0, first.Path))
        {
            port = backend.Port;
            var app = TestApps.Create(o => o.CertificateDirectory = front.Path, b => b.Logging.AddFakeLogging());
            app.MapGeminiRelay("/old", $"gemini://127.0.0.1:{port}/");
            var response = await new TestClient(app).GetAsync("/old/page").WaitAsync(Limit);

            Assert.Equal("# Backend\n", response.Text);
            Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 64 && r.Level == LogLevel.Warning);
            var pin = Assert.Single(Directory.GetFiles(front.Path, "relay-pin-*"));
            Assert.Equal(backend.App.CertificateFingerprint, File.ReadAllText(pin).Trim());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pin));
        }

        // The backend comes back with another certificate; the front restarts.
        await using (await BackendAsync(port, second.Path))
        {
            var app = TestApps.Create(o => o.CertificateDirectory = front.Path, b => b.Logging.AddFakeLogging());
            app.MapGeminiRelay("/old", $"gemini://127.0.0.1:{port}/");
            var response = await new TestClient(app).GetAsync("/old/page").WaitAsync(Limit);

            Assert.Equal((StatusCode.ProxyError, GeminiRelayHandler.BackendErrorMeta), (response.Status, response.Meta));
            Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 63 && r.Level == LogLevel.Warning);
        }
    }

    [Fact]
    public async Task A_NUL_meant_for_SCGI_is_59_and_no_backend_is_contacted()
    {
        await using var backend = new FakeScgiBackend("20 text/plain\r\nok");
        var app = TestApps.Create();
        app.MapScgi("/scgi", "127.0.0.1", backend.Port);
        var client = new TestClient(app);

        var response = await client.GetAsync("/scgi/x%00REMOTE_ADDR%001.2.3.4").WaitAsync(Limit);

        Assert.Equal(StatusCode.BadRequest, response.Status);
        Assert.Empty(backend.RawRequests);
    }

    [Fact]
    public async Task A_client_certificate_with_a_NUL_in_its_subject_is_59_for_SCGI_and_smuggles_nothing()
    {
        using var directory = new TempDirectory();
        await using var backend = new FakeScgiBackend("20 text/plain\r\nok");
        await using var server = await RunningApp.StartAsync(app => app.MapScgi("/scgi", "127.0.0.1", backend.Port));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName("mallory\0REMOTE_ADDR\x001.2.3.4");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(directory.Path, "nul.pem");
        var keyPath = Path.Combine(directory.Path, "nul.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());

        var answer = await OpenSslClient.GetAsync(server.Port, server.Url("/scgi/x"), "-cert", certPath, "-key", keyPath).WaitAsync(Limit);

        Assert.StartsWith("59 ", answer.Text);
        Assert.Empty(backend.RawRequests);
    }

    [Fact]
    public async Task PROXY_headers_that_name_no_client_count_against_the_balancer()
    {
        await using var server = await RunningApp.StartAsync(app => app.Map("/", _ => "# Home\n"), o =>
        {
            o.ProxyProtocol.Enabled = true;
            o.ProxyProtocol.TrustedProxies.Add("127.0.0.1");
            o.MaxConnectionsPerAddress = 3;
            o.Limits.PerAddressQueueLimit = 0; // refused at once rather than queued: the count is what is tested
        });
        using var rejected = new MetricCollector<long>(server.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "GenGemini", "gemini.server.rejected_connections");
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(Limit);
                // v1 UNKNOWN, then v2 LOCAL: neither names a client.
                var header = i % 2 == 0
                    ? "PROXY UNKNOWN\r\n"u8.ToArray()
                    : [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00];
                await socket.SendAsync(header).WaitAsync(Limit);
                sockets.Add(socket);
            }

            await Eventually.TrueAsync(
                () => rejected.GetMeasurementSnapshot().Count(m => (string?)m.Tags["gemini.rejection.reason"] == "per_address_limit") == 3,
                "three connections over the balancer's cap to be refused",
                Limit);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task A_client_behind_a_balancer_over_its_cap_waits_and_is_served_when_a_slot_frees()
    {
        await using var server = await RunningApp.StartAsync(app => app.Map("/", _ => "# Home\n"), o =>
        {
            o.ProxyProtocol.Enabled = true;
            o.ProxyProtocol.TrustedProxies.Add("127.0.0.1");
            o.Limits.MaxConnectionsPerAddress = 1;
        });
        var header = System.Text.Encoding.ASCII.GetBytes($"PROXY TCP4 192.0.2.5 127.0.0.1 40000 {server.Port}\r\n");

        // The client's one slot, held by a connection that names it and then says nothing.
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await holder.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(Limit);
        await holder.SendAsync(header).WaitAsync(Limit);
        await Task.Delay(300);

        var waiting = Task.Run(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, server.Port);
            await socket.SendAsync(header);
            await using var ssl = new System.Net.Security.SslStream(new NetworkStream(socket), false, (_, _, _, _) => true);
            await ssl.AuthenticateAsClientAsync("localhost");
            await ssl.WriteAsync(System.Text.Encoding.UTF8.GetBytes(server.Url("/") + "\r\n"));
            using var received = new MemoryStream();
            await ssl.CopyToAsync(received);
            return System.Text.Encoding.UTF8.GetString(received.ToArray());
        });
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted); // waiting for the client's slot, not refused
        holder.Close();

        Assert.Equal("20 text/gemini\r\n# Home\n", await waiting.WaitAsync(Limit));
    }
}
