using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using GenGemini.Scgi;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenGemini.Tests.Scgi;

/// <summary>Every error row of the SCGI table, each followed by proof that the server keeps serving.</summary>
public class ScgiFaultTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static Task<RunningApp> ServeAsync(int port, ScgiOptions? options = null) => RunningApp.StartAsync(app =>
    {
        app.Map("/", _ => "# Still here\n");
        app.MapScgi("/api", host: "127.0.0.1", port: port, options: options);
    });

    private static async Task AssertStillServingAsync(RunningApp server) =>
        Assert.Equal("20 text/gemini\r\n# Still here\n", (await OpenSslClient.GetAsync(server.Port, server.Url("/"))).Text);

    [Fact]
    public async Task Connection_refused_is_43_failed_to_connect()
    {
        using var closed = new ClosedPort();
        await using var server = await ServeAsync(closed.Port);

        var response = await OpenSslClient.GetAsync(server.Port, server.Url("/api/x"));

        Assert.Equal("43 Failed to connect to SCGI backend\r\n", response.Text);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Connect_that_never_completes_is_43_connection_timeout()
    {
        // A listener whose accept queue is full and never drained: further SYNs go unanswered.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        for (var i = 0; i < 8; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _ = filler.ConnectAsync(IPAddress.Loopback, port);
            fillers.Add(filler);
        }

        await Task.Delay(200);
        await using var server = await ServeAsync(port, new ScgiOptions { Timeout = TimeSpan.FromSeconds(1) });

        var response = await OpenSslClient.GetAsync(server.Port, server.Url("/api/x"));

        Assert.Equal("43 SCGI connection timeout\r\n", response.Text);
        await AssertStillServingAsync(server);
        fillers.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task Backend_that_never_answers_is_43_backend_timeout()
    {
        await using var backend = await BackendProcess.StartPerlAsync(unix: false);
        await using var server = await ServeAsync(backend.Port, new ScgiOptions { Timeout = TimeSpan.FromSeconds(1) });

        var response = await OpenSslClient.GetAsync(server.Port, server.Url("/api/silent"));

        Assert.Equal("43 SCGI backend timeout\r\n", response.Text);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task After_a_backend_timeout_the_next_requests_get_their_full_time()
    {
        // The first request never gets an answer; the later ones are answered after 1 s, a fifth
        // of their five, so each needs a deadline of its own that has not fired.
        var calls = 0;
        await using var backend = new FakeScgiBackend(async (headers, stream) =>
        {
            var delay = Interlocked.Increment(ref calls) == 1 ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(1);
            await Task.Delay(delay);
            await stream.WriteAsync("20 text/gemini\r\nlate but in time\n"u8.ToArray());
        });
        await using var server = await ServeAsync(backend.Port, new ScgiOptions { Timeout = TimeSpan.FromSeconds(5) });

        var timedOut = await OpenSslClient.GetAsync(server.Port, server.Url("/api/first"));
        var second = await OpenSslClient.GetAsync(server.Port, server.Url("/api/second"));
        var third = await OpenSslClient.GetAsync(server.Port, server.Url("/api/third"));

        Assert.Equal("43 SCGI backend timeout\r\n", timedOut.Text);
        Assert.Equal("20 text/gemini\r\nlate but in time\n", second.Text);
        Assert.Equal("20 text/gemini\r\nlate but in time\n", third.Text);
    }

    [Theory]
    [InlineData("/api/close")]
    [InlineData("/api/garbage")]
    public async Task Backend_that_closes_silently_or_writes_garbage_is_43_backend_error(string path)
    {
        await using var backend = await BackendProcess.StartPerlAsync(unix: false);
        await using var server = await ServeAsync(backend.Port);

        var response = await OpenSslClient.GetAsync(server.Port, server.Url(path));

        Assert.Equal("43 SCGI backend error\r\n", response.Text);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Over_size_response_is_43_before_anything_is_sent()
    {
        await using var backend = await BackendProcess.StartPerlAsync(unix: false);
        await using var server = await ServeAsync(backend.Port, new ScgiOptions { MaxResponseSize = 10_000 });

        var fits = await OpenSslClient.GetAsync(server.Port, server.Url("/api/large/9000"));
        var tooLarge = await OpenSslClient.GetAsync(server.Port, server.Url("/api/large/20000"));

        Assert.Equal(29 + 9000, fits.Stdout.Length);
        Assert.Equal("43 SCGI response exceeds maximum size\r\n", tooLarge.Text);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Invalid_status_from_backend_is_43()
    {
        await using var fake = new FakeScgiBackend("200 OK\r\n\r\nhttp body");
        await using var server = await ServeAsync(fake.Port);

        Assert.Equal("43 SCGI backend error\r\n", (await OpenSslClient.GetAsync(server.Port, server.Url("/api/"))).Text);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task Backend_killed_mid_response_leaves_the_server_serving()
    {
        await using var backend = await BackendProcess.StartPerlAsync(unix: false).WaitAsync(Limit);
        await using var server = await ServeAsync(backend.Port, new ScgiOptions { MaxResponseSize = null });

        var (received, _) = await StreamThroughOpenSslAsync(server, "/api/large/500000000", 200_000, backend.Kill);

        // SCGI has no length: a killed backend's socket closes as a finished one does (FIN), so
        // the server cannot tell the body was cut. It must not stall or fall over, though.
        Assert.True(received < 500_000_000);
        await AssertStillServingAsync(server);
    }

    [Fact]
    public async Task A_backend_connection_reset_mid_body_ends_the_response_without_close_notify()
    {
        var body = new string('x', 300_000);
        await using var backend = new FakeScgiBackend(async (_, stream) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("20 text/plain\r\n" + body[..150_000]));
            await stream.FlushAsync();
            await Task.Delay(200); // the relay reads this part first
            stream.Socket.LingerState = new LingerOption(true, 0);
            stream.Socket.Close(); // RST: the backend failed mid-body
        });
        await using var server = await ServeAsync(backend.Port, new ScgiOptions { MaxResponseSize = null });

        var (received, stderr) = await StreamThroughOpenSslAsync(server, "/api/cut", 1, null);

        Assert.InRange(received, 1, 150_000 + 16);
        // No close_notify: the client can tell the body is incomplete (OpenSSL's own words).
        Assert.Contains("unexpected eof while reading", stderr);
        await AssertStillServingAsync(server);
    }

    /// <summary>
    /// Fetches <paramref name="path"/> with openssl s_client, calls <paramref name="afterBytes"/> once
    /// <paramref name="threshold"/> bytes have arrived, and reads to the end: the bytes received and
    /// openssl's standard error.
    /// </summary>
    private static async Task<(long Received, string Stderr)> StreamThroughOpenSslAsync(RunningApp server, string path, long threshold, Action? afterBytes)
    {
        var start = new System.Diagnostics.ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["s_client", "-connect", $"127.0.0.1:{server.Port}", "-quiet", "-servername", "localhost"])
        {
            start.ArgumentList.Add(argument);
        }

        using var client = ChildProcesses.Start(start)!;
        try
        {
            var stderr = client.StandardError.ReadToEndAsync();
            await client.StandardInput.WriteAsync(server.Url(path) + "\r\n");
            client.StandardInput.Close();
            var output = client.StandardOutput.BaseStream;
            var buffer = new byte[65536];
            long received = 0;
            var called = false;
            int read;
            while ((read = await output.ReadAsync(buffer).AsTask().WaitAsync(Limit)) > 0)
            {
                received += read;
                if (!called && received >= threshold)
                {
                    called = true;
                    afterBytes?.Invoke();
                }
            }

            await client.WaitForExitAsync().WaitAsync(Limit);
            return (received, await stderr.WaitAsync(Limit));
        }
        finally
        {
            if (!client.HasExited)
            {
                client.Kill();
            }
        }
    }
}

/// <summary>Runs alone, so other tests' objects do not count as the relay's.</summary>
[CollectionDefinition(nameof(MemoryMeasuredTests), DisableParallelization = true)]
public sealed class MemoryMeasuredCollection;

[Collection(nameof(MemoryMeasuredTests))]
public class MemoryMeasuredTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Hundred_megabytes_relayed_unlimited_in_bounded_managed_memory()
    {
        const long size = 100L * 1024 * 1024;
        await using var backend = await BackendProcess.StartPerlAsync(unix: true);
        await using var server = await RunningApp.StartAsync(app =>
            app.MapScgi("/big", socketPath: backend.SocketPath, options: new ScgiOptions { MaxResponseSize = null, Timeout = TimeSpan.FromMinutes(5) }));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(Limit);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(Limit);
        await tls.WriteAsync(Encoding.UTF8.GetBytes(server.Url($"/big/large/{size}") + "\r\n")).AsTask().WaitAsync(Limit);

        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        long total = 0;
        var buffer = new byte[65536];
        var reads = 0;
        int n;
        while ((n = await tls.ReadAsync(buffer).AsTask().WaitAsync(Limit)) > 0)
        {
            total += n;
            if (++reads % 128 == 0)
            {
                // Live objects only: a buffered body would be live, a relayed one never is.
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal("20 application/octet-stream\r\n".Length + size, total);
        // Buffering the body would need over 100 MB; relaying holds a few buffers.
        Assert.True(peak < 32L * 1024 * 1024, $"managed heap grew by {peak / (1024 * 1024)} MB while relaying");
    }
}

/// <summary>The proxy inside the pipeline, through TestClient with an in-process backend.</summary>
public class ScgiPipelineTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static GeminiApp NewApp() => TestApps.Create();

    [Fact]
    public async Task Proxied_request_through_the_test_client()
    {
        await using var fake = new FakeScgiBackend("20 text/gemini\r\n# Mock Response\n");
        var app = NewApp();
        app.MapScgi("/api", host: "127.0.0.1", port: fake.Port);

        var response = await new TestClient(app).GetAsync("/api/test?x");

        Assert.True(response.IsSuccess);
        Assert.Equal("# Mock Response\n", response.Text);
        var headers = fake.Requests.Single();
        Assert.Equal("CONTENT_LENGTH", headers[0].Key);
        Assert.Equal("SCGI", headers[1].Key);
        Assert.Contains(new KeyValuePair<string, string>("PATH_INFO", "/test"), headers);
        Assert.Contains(new KeyValuePair<string, string>("QUERY_STRING", "x"), headers);
    }

    [Fact]
    public async Task Middleware_wraps_the_proxied_request_and_can_replace_a_43()
    {
        var log = new List<string>();
        var app = NewApp();
        app.Use(async (ctx, next) =>
        {
            log.Add("before " + ctx.Request.Path);
            await next(ctx);
            log.Add($"after {(int)ctx.Response!.Status} {ctx.Response.Meta}");
            if (ctx.Response.Status == StatusCode.ProxyError)
            {
                ctx.Response = Response.ServerUnavailable("Backend down, try later");
            }
        });
        using var closed = new ClosedPort();
        app.MapScgi("/api", host: "127.0.0.1", port: closed.Port);

        var response = await new TestClient(app).GetAsync("/api/x");

        Assert.Equal(41, (int)response.Status);
        Assert.Equal(["before /api/x", "after 43 Failed to connect to SCGI backend"], log);
    }

    [Fact]
    public async Task The_mount_wins_over_a_route_under_its_prefix()
    {
        await using var fake = new FakeScgiBackend("20 text/gemini\r\nfrom backend");
        var app = NewApp();
        app.Map("/api/x", _ => "from route");
        app.Map("/apix", _ => "not under the mount");
        app.MapScgi("/api", host: "127.0.0.1", port: fake.Port);
        var client = new TestClient(app);

        Assert.Equal("from backend", (await client.GetAsync("/api/x")).Text);
        Assert.Equal("not under the mount", (await client.GetAsync("/apix")).Text);
    }

    /// <summary>An app whose log the test reads: each refused connection is one event 100 naming its endpoint.</summary>
    private static GeminiApp LoggedApp() => TestApps.Create(builder: b => b.Logging.AddFakeLogging());

    private static int RefusalsOf(GeminiApp app, int port) => app.Services.GetFakeLogCollector().GetSnapshot()
        .Count(r => r.Id.Id == 100 && r.GetStructuredStateValue("Endpoint") == $"127.0.0.1:{port}");

    [Fact]
    public async Task Round_robin_skips_a_refusing_backend_while_others_serve()
    {
        await using var a = new FakeScgiBackend("20 text/plain\r\nA");
        await using var b = new FakeScgiBackend("20 text/plain\r\nB");
        using var dead = new ClosedPort();
        var app = LoggedApp();
        app.MapScgi("/api", [ScgiEndpoint.Tcp("127.0.0.1", a.Port), ScgiEndpoint.Tcp("127.0.0.1", dead.Port), ScgiEndpoint.Tcp("127.0.0.1", b.Port)],
            new ScgiOptions { FailureCooldown = TimeSpan.FromMinutes(5) });
        var client = new TestClient(app);

        var bodies = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var response = await client.GetAsync("/api/").WaitAsync(Limit);
            Assert.Equal(20, (int)response.Status);
            bodies.Add(response.Text);
        }

        Assert.Equal(6, bodies.Count(x => x == "A"));
        Assert.Equal(6, bodies.Count(x => x == "B"));
        Assert.Equal(1, RefusalsOf(app, dead.Port)); // tried once, then skipped while cooling down
    }

    [Fact]
    public async Task Without_a_cool_down_the_refusing_backend_is_tried_on_every_request()
    {
        await using var a = new FakeScgiBackend("20 text/plain\r\nA");
        using var dead = new ClosedPort();
        var app = LoggedApp();
        app.MapScgi("/api", [ScgiEndpoint.Tcp("127.0.0.1", a.Port), ScgiEndpoint.Tcp("127.0.0.1", dead.Port)],
            new ScgiOptions { FailureCooldown = TimeSpan.Zero });
        var client = new TestClient(app);

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal("A", (await client.GetAsync("/api/").WaitAsync(Limit)).Text);
        }

        // Every request but the first (where the healthy one's turn came first) tries it again.
        Assert.Equal(7, RefusalsOf(app, dead.Port));
    }

    [Fact]
    public async Task A_refusing_backend_is_tried_again_once_its_cool_down_is_over()
    {
        await using var a = new FakeScgiBackend("20 text/plain\r\nA");
        using var dead = new ClosedPort();
        var app = LoggedApp();
        app.MapScgi("/api", [ScgiEndpoint.Tcp("127.0.0.1", a.Port), ScgiEndpoint.Tcp("127.0.0.1", dead.Port)],
            new ScgiOptions { FailureCooldown = TimeSpan.FromSeconds(1) });
        var client = new TestClient(app);

        // In-memory requests take microseconds: all of these fall well inside the second.
        for (var i = 0; i < 6; i++)
        {
            await client.GetAsync("/api/").WaitAsync(Limit);
        }

        Assert.Equal(1, RefusalsOf(app, dead.Port));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        for (var i = 0; i < 2; i++)
        {
            await client.GetAsync("/api/").WaitAsync(Limit);
        }

        Assert.Equal(2, RefusalsOf(app, dead.Port));
    }

    [Fact]
    public async Task When_every_backend_is_cooling_down_each_is_tried_anyway()
    {
        using var only = new ClosedPort();
        var app = LoggedApp();
        app.MapScgi("/api", [ScgiEndpoint.Tcp("127.0.0.1", only.Port)], new ScgiOptions { FailureCooldown = TimeSpan.FromMinutes(5) });
        var client = new TestClient(app);

        var refused = await client.GetAsync("/api/").WaitAsync(Limit);
        only.Listen("20 text/plain\r\nback"); // it recovers while still cooling down
        var served = await client.GetAsync("/api/").WaitAsync(Limit);

        Assert.Equal("Failed to connect to SCGI backend", refused.Meta);
        Assert.Equal("back", served.Text);
        Assert.Equal(1, RefusalsOf(app, only.Port));
    }

    [Fact]
    public async Task The_request_goes_out_in_one_write()
    {
        // More than uWSGI's default 4096-byte buffer, in one netstring.
        await using var backend = new FakeScgiBackend("20 text/plain\r\nwhole");
        var app = NewApp();
        app.State["big"] = new string('v', 6000);
        var handler = new ScgiHandler(ScgiEndpoint.Tcp("127.0.0.1", backend.Port), new ScgiOptions { AppStateKeys = { "big" } });
        app.Mount("/api", handler);
        var client = new TestClient(app);

        var first = await client.GetAsync("/api/").WaitAsync(Limit);
        var sendsAfterOne = handler.RequestSends;
        var second = await client.GetAsync("/api/").WaitAsync(Limit);

        Assert.Equal(("whole", "whole"), (first.Text, second.Text));
        Assert.Equal((1, 2), (sendsAfterOne, handler.RequestSends));
        Assert.All(backend.RawRequests, raw => Assert.True(raw.Length > 6000 && raw[^1] == (byte)','));
    }
}
