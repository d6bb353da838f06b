using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GenGemini.Tests.Server;

/// <summary>The real server over real TLS, with openssl s_client as the client.</summary>
public class TlsServerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static void Hello(GeminiApp app)
    {
        app.Map("/", _ => "# Hello\n");
        app.Map("/me", r => r.ClientCertificateHash is { } h ? Response.Success(h, "text/plain") : Response.ClientCertificateRequired());
    }

    [Fact]
    public async Task Serves_the_exact_response_bytes()
    {
        await using var server = await RunningApp.StartAsync(Hello);

        var result = await OpenSslClient.GetAsync(server.Port, server.Url("/"));

        Assert.Equal("20 text/gemini\r\n# Hello\n"u8.ToArray(), result.Stdout);
    }

    [Fact]
    public async Task Every_response_ends_with_close_notify()
    {
        await using var server = await RunningApp.StartAsync(Hello);

        var ok = await OpenSslClient.GetAsync(server.Port, server.Url("/"), "-msg");
        var notFound = await OpenSslClient.GetAsync(server.Port, server.Url("/missing"), "-msg");

        Assert.Contains("<<< TLS 1.3, Alert [length 0002], warning close_notify", ok.Text);
        Assert.Contains("51 Not found\r\n", notFound.Text);
        Assert.Contains("<<< TLS 1.3, Alert [length 0002], warning close_notify", notFound.Text);
        Assert.DoesNotContain("unexpected eof", ok.Stderr + notFound.Stderr);
    }

    [Fact]
    public async Task TLS_1_2_is_accepted_and_TLS_1_1_refused()
    {
        await using var server = await RunningApp.StartAsync(Hello);

        var tls12 = await OpenSslClient.GetAsync(server.Port, server.Url("/"), "-tls1_2");
        var tls11 = await OpenSslClient.GetAsync(server.Port, server.Url("/"), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");

        Assert.StartsWith("20 text/gemini\r\n", tls12.Text);
        Assert.Empty(tls11.Stdout);
        Assert.Contains("alert protocol version", tls11.Stderr);
    }

    [Fact]
    public async Task Client_certificate_identity_is_the_SHA256_of_its_DER_bytes()
    {
        using var dir = new TempDirectory();
        var (cert, key) = await OpenSslClient.MakeClientCertificateAsync(dir.Path);
        var fingerprint = await OpenSslClient.RunAsync(["x509", "-in", cert, "-noout", "-fingerprint", "-sha256"]);
        var expected = fingerprint.Text.Trim().Split('=')[1].Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        await using var server = await RunningApp.StartAsync(Hello);

        var withCert = await OpenSslClient.GetAsync(server.Port, server.Url("/me"), "-cert", cert, "-key", key);
        var without = await OpenSslClient.GetAsync(server.Port, server.Url("/me"));

        Assert.Equal($"20 text/plain\r\n{expected}", withCert.Text);
        Assert.StartsWith("60 ", without.Text);
    }

    [Fact]
    public async Task Answers_200_concurrent_clients()
    {
        // All from one address: more than the per-address default allows at once.
        await using var server = await RunningApp.StartAsync(app => app.Map("/n", r => $"n={r.Query}"), o => o.MaxConnectionsPerAddress = 256);

        var results = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => OpenSslClient.GetAsync(server.Port, server.Url($"/n?{i}"))));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"20 text/gemini\r\nn={i}", results[i].Text);
        }
    }

    [Fact]
    public async Task A_client_that_never_ends_its_line_is_dropped_while_others_are_served()
    {
        await using var server = await RunningApp.StartAsync(Hello, o => o.RequestTimeout = TimeSpan.FromSeconds(2));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port).WaitAsync(Limit);
        await using var slow = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await slow.AuthenticateAsClientAsync("localhost").WaitAsync(Limit);
        await slow.WriteAsync("gemini://localhost/"u8.ToArray()).AsTask().WaitAsync(Limit); // no CRLF, ever
        var slowRead = slow.ReadAsync(new byte[64]).AsTask();

        var meanwhile = await OpenSslClient.GetAsync(server.Port, server.Url("/"));
        Assert.StartsWith("20 text/gemini", meanwhile.Text);
        Assert.False(slowRead.IsCompleted);

        // Dropped without an answer once its request time is up (the wait is only a safety net).
        var finished = await Task.WhenAny(slowRead, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(slowRead, finished);
        Assert.Equal(0, await slowRead);
    }

    [Fact]
    public async Task The_server_never_holds_more_connections_than_its_cap()
    {
        await using var server = await RunningApp.StartAsync(Hello, o =>
        {
            o.MaxConcurrentConnections = 1;
            o.RequestTimeout = TimeSpan.FromSeconds(3);
        });
        var meters = server.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var active = new MetricCollector<long>(meters, "GenGemini", "gemini.server.active_connections");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port).WaitAsync(Limit);
        await using var holder = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await holder.AuthenticateAsClientAsync("localhost").WaitAsync(Limit);
        var holderRead = holder.ReadAsync(new byte[64]).AsTask(); // silent after its handshake

        var second = await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit);

        Assert.StartsWith("20 text/gemini", second.Text); // the silent holder was shed for it
        Assert.Equal(0, await holderRead.WaitAsync(Limit));
        var running = 0L;
        Assert.All(active.GetMeasurementSnapshot(), m => Assert.InRange(running += m.Value, 0, 1)); // never over the cap
    }

    [Fact]
    public async Task Bad_requests_get_59_or_53_and_the_server_keeps_serving()
    {
        await using var server = await RunningApp.StartAsync(Hello);

        var tooLong = await OpenSslClient.SendAsync(server.Port, Encoding.ASCII.GetBytes("gemini://localhost/" + new string('a', 1100) + "\r\n"));
        var bareLf = await OpenSslClient.SendAsync(server.Port, "gemini://localhost/\n"u8.ToArray());
        var otherScheme = await OpenSslClient.GetAsync(server.Port, "https://localhost/");
        var otherPort = await OpenSslClient.GetAsync(server.Port, "gemini://localhost:1/");
        var badUtf8 = await OpenSslClient.SendAsync(server.Port, [.. "gemini://localhost/"u8, 0xFF, (byte)'\r', (byte)'\n']);
        var after = await OpenSslClient.GetAsync(server.Port, server.Url("/"));

        Assert.Equal("59 Request exceeds 1024 bytes\r\n", tooLong.Text);
        Assert.Equal("59 Request line must end with CRLF\r\n", bareLf.Text);
        Assert.Equal("53 Proxy request refused\r\n", otherScheme.Text);
        Assert.Equal("53 Proxy request refused\r\n", otherPort.Text);
        Assert.Equal("59 Request is not valid UTF-8\r\n", badUtf8.Text);
        Assert.StartsWith("20 ", after.Text);
    }

    [Fact]
    public async Task The_generated_certificate_is_kept_across_restarts()
    {
        using var dir = new TempDirectory();
        string first;
        await using (var server = await RunningApp.StartAsync(Hello, certificateDirectory: dir.Path))
        {
            first = await ServedFingerprintAsync(server.Port);
            Assert.Equal(server.App.CertificateFingerprint, first);
        }

        await using (var server = await RunningApp.StartAsync(Hello, certificateDirectory: dir.Path))
        {
            Assert.Equal(first, await ServedFingerprintAsync(server.Port));
        }

        Assert.True(File.Exists(Path.Combine(dir.Path, "cert.pem")));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir.Path, "key.pem")));
        }
    }

    [Fact]
    public async Task Serves_a_certificate_given_as_PEM_files()
    {
        using var dir = new TempDirectory();
        var cert = Path.Combine(dir.Path, "server.pem");
        var key = Path.Combine(dir.Path, "server.key");
        var made = await OpenSslClient.RunAsync(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=pem.example"]);
        Assert.Equal(0, made.ExitCode);
        await using var server = await RunningApp.StartAsync(Hello, o => { o.CertificatePath = cert; o.KeyPath = key; });

        var result = await OpenSslClient.GetAsync(server.Port, server.Url("/"));

        Assert.Contains("depth=0 CN = pem.example", result.Stderr);
        Assert.Equal("20 text/gemini\r\n# Hello\n", result.Text);
    }

    [Fact]
    public async Task Shutdown_lets_an_in_flight_request_finish()
    {
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var server = await RunningApp.StartAsync(app => app.Map("/slow", async _ =>
        {
            entered.SetResult();
            await release.Task;
            return Response.Success("finished");
        }));
        var shutdownRan = false;
        server.App.OnShutdown(_ => { shutdownRan = true; return Task.CompletedTask; });

        var request = OpenSslClient.GetAsync(server.Port, server.Url("/slow"), "-msg");
        await entered.Task.WaitAsync(Limit);
        var stopping = server.App.StopAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // the grace period is 10 s: 20 times this
        var pendingWhileBlocked = !stopping.IsCompleted;
        release.SetResult();
        await stopping.WaitAsync(Limit);

        Assert.True(pendingWhileBlocked, "StopAsync returned while a handler was still running");
        var result = await request.WaitAsync(Limit);
        Assert.Contains("20 text/gemini\r\nfinished", result.Text);
        Assert.Contains("<<< TLS 1.3, Alert [length 0002], warning close_notify", result.Text); // whole, and said so
        Assert.DoesNotContain("unexpected eof", result.Stderr);
        Assert.True(shutdownRan);
        var refused = await OpenSslClient.GetAsync(server.Port, server.Url("/slow")).WaitAsync(Limit);
        Assert.Empty(refused.Stdout);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Connections_after_a_timed_out_one_get_their_full_time()
    {
        // One slot: every connection runs on the same pooled connection object in turn.
        await using var server = await RunningApp.StartAsync(Hello, o =>
        {
            o.MaxConcurrentConnections = 1;
            o.RequestTimeout = TimeSpan.FromSeconds(5);
        });
        var before = await OpenSslClient.GetAsync(server.Port, server.Url("/"));
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", server.Port).WaitAsync(Limit);
            await using var slow = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
            await slow.AuthenticateAsClientAsync("localhost").WaitAsync(Limit);
            Assert.Equal(0, await slow.ReadAsync(new byte[64]).AsTask().WaitAsync(Limit)); // dropped when its five seconds are up
        }

        // A client that takes a good part of its request time, twice, is still answered.
        for (var i = 0; i < 2; i++)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", server.Port).WaitAsync(Limit);
            await using var patient = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
            await patient.AuthenticateAsClientAsync("localhost").WaitAsync(Limit);
            await Task.Delay(TimeSpan.FromSeconds(1)); // a fifth of its time: a reused timer that kept running would fire on the second
            await patient.WriteAsync(Encoding.ASCII.GetBytes(server.Url("/") + "\r\n")).AsTask().WaitAsync(Limit);
            using var body = new MemoryStream();
            await patient.CopyToAsync(body).WaitAsync(Limit);
            Assert.Equal("20 text/gemini\r\n# Hello\n", Encoding.UTF8.GetString(body.ToArray()));
        }

        Assert.StartsWith("20 ", before.Text);
    }

    [Fact]
    public async Task Inline_handlers_serve_the_same_responses()
    {
        await using var server = await RunningApp.StartAsync(app =>
        {
            app.Map("/n", r => $"n={r.Query}");
            app.Map("/async", async _ =>
            {
                await Task.Delay(10);
                return Response.Success("later");
            });
        }, o => o.HandlerScheduling = HandlerScheduling.Inline);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => OpenSslClient.GetAsync(server.Port, server.Url($"/n?{i}"))));
        var later = await OpenSslClient.GetAsync(server.Port, server.Url("/async"));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"20 text/gemini\r\nn={i}", results[i].Text);
        }

        Assert.Equal("20 text/gemini\r\nlater", later.Text);
    }

    [Fact]
    public async Task Handlers_see_the_local_and_remote_addresses()
    {
        await using var server = await RunningApp.StartAsync(app =>
            app.Map("/where", r => Response.Success($"{r.Connection.LocalEndPoint} {r.RemoteEndPoint?.Address}", "text/plain")));

        var result = await OpenSslClient.GetAsync(server.Port, server.Url("/where"));

        Assert.Equal($"20 text/plain\r\n127.0.0.1:{server.Port} 127.0.0.1", result.Text);
    }

    [Fact]
    public async Task Shutdown_past_the_grace_period_cancels_stuck_handlers_and_closes_their_connections()
    {
        var entered = new TaskCompletionSource();
        var cancelled = new TaskCompletionSource();
        var server = await RunningApp.StartAsync(app =>
        {
            app.Map("/", _ => "# Hello\n");
            app.Map("/stuck", async r =>
            {
                entered.SetResult();
                using (r.RequestAborted.Register(() => cancelled.SetResult()))
                {
                    await Task.Delay(Timeout.Infinite, r.RequestAborted);
                }

                return Response.Success("never");
            });
        }, o => o.ShutdownGracePeriod = TimeSpan.FromMilliseconds(300));
        // Earlier connections leave pooled connection objects behind; the stuck one may reuse one.
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("20 ", (await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit)).Text);
        }

        var request = OpenSslClient.GetAsync(server.Port, server.Url("/stuck"));
        await entered.Task.WaitAsync(Limit);
        await server.App.StopAsync().WaitAsync(Limit);

        await cancelled.Task.WaitAsync(Limit); // the handler's token fired
        var result = await request.WaitAsync(Limit); // and the client saw its connection close
        Assert.Empty(result.Stdout); // no answer at all, not a 40 nor a late 20
        Assert.Contains("unexpected eof", result.Stderr); // closed, not shut down as if complete
        await server.DisposeAsync();
    }

    private static async Task<string> ServedFingerprintAsync(int port)
    {
        var handshake = await OpenSslClient.RunAsync(["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost"], "\r\n"u8.ToArray());
        var pem = handshake.Text[handshake.Text.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)..];
        pem = pem[..(pem.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal) + 25)];
        using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        return CertificateFingerprint.Sha256(cert);
    }
}
