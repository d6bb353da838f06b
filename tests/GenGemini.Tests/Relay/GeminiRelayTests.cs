using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GenGemini.Relay;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Relay;

/// <summary>
/// <c>MapGeminiRelay</c> relaying to real Gemini servers over TLS: a second GenGemini capsule and
/// molly-brown (Debian package molly-brown); a dead backend and a silent one give 43.
/// </summary>
public class GeminiRelayTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static TestClient Front(string backendUrl, GeminiRelayOptions? options = null)
    {
        // Its own directory for the trust-on-first-use pin: a port reused by a later backend is another server.
        var app = TestApps.Create(o => o.CertificateDirectory = Path.Combine(Path.GetTempPath(), "gengemini-tests", Guid.NewGuid().ToString("N")));
        app.MapGeminiRelay("/old", backendUrl, options);
        return new TestClient(app);
    }

    private static Task<RunningApp> BackendAsync() => RunningApp.StartAsync(app =>
    {
        app.Map("/page", request => Response.Success($"# Page\nquery={request.RawQuery}\n"));
        app.Map("/big", _ => Response.Success(new string('b', 200_000), "text/plain"));
    });

    [Fact]
    public async Task A_page_is_relayed_from_another_capsule_with_its_path_below_the_prefix_and_its_query()
    {
        await using var backend = await BackendAsync();

        var response = await Front($"gemini://127.0.0.1:{backend.Port}/").GetAsync("/old/page?x%20y").WaitAsync(Limit);

        Assert.Equal(StatusCode.Success, response.Status);
        Assert.Equal("# Page\nquery=x%20y\n", response.Text);
    }

    [Fact]
    public async Task A_large_body_is_relayed_whole()
    {
        await using var backend = await BackendAsync();

        var response = await Front($"gemini://127.0.0.1:{backend.Port}/").GetAsync("/old/big").WaitAsync(Limit);

        Assert.Equal(("text/plain", 200_000), (response.Meta, response.Body.Length));
    }

    [Fact]
    public async Task The_backends_51_is_relayed_as_it_is()
    {
        await using var backend = await BackendAsync();

        var response = await Front($"gemini://127.0.0.1:{backend.Port}/").GetAsync("/old/nothing-here").WaitAsync(Limit);

        Assert.Equal(StatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task A_dead_backend_is_43_with_a_fixed_meta_and_no_address()
    {
        using var closed = new ClosedPort();

        var response = await Front($"gemini://127.0.0.1:{closed.Port}/").GetAsync("/old/page").WaitAsync(Limit);

        Assert.Equal((StatusCode.ProxyError, GeminiRelayHandler.ConnectFailedMeta), (response.Status, response.Meta));
        Assert.DoesNotContain("127.0.0.1", response.Meta);
    }

    [Fact]
    public async Task A_backend_that_never_answers_is_43_after_the_timeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(); // accepts in the kernel, never speaks TLS

        var response = await Front($"gemini://127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}/", new GeminiRelayOptions { Timeout = TimeSpan.FromMilliseconds(500) })
            .GetAsync("/old/page").WaitAsync(Limit);

        Assert.Equal((StatusCode.ProxyError, GeminiRelayHandler.TimeoutMeta), (response.Status, response.Meta));
    }

    [Fact]
    public async Task A_backend_with_another_certificate_than_the_pinned_one_is_refused()
    {
        await using var backend = await BackendAsync();

        var response = await Front($"gemini://127.0.0.1:{backend.Port}/", new GeminiRelayOptions { CertificateFingerprint = new string('0', 64) })
            .GetAsync("/old/page").WaitAsync(Limit);

        Assert.Equal((StatusCode.ProxyError, GeminiRelayHandler.BackendErrorMeta), (response.Status, response.Meta));
    }

    [Fact]
    public async Task The_pinned_certificate_is_accepted()
    {
        await using var backend = await BackendAsync();

        var response = await Front($"gemini://127.0.0.1:{backend.Port}/", new GeminiRelayOptions { CertificateFingerprint = backend.App.CertificateFingerprint })
            .GetAsync("/old/page").WaitAsync(Limit);

        Assert.Equal(StatusCode.Success, response.Status);
    }

    [Fact]
    public async Task A_page_and_a_51_are_relayed_from_molly_brown()
    {
        using var directory = new TempDirectory();
        var docs = Directory.CreateDirectory(Path.Combine(directory.Path, "docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "hello.gmi"), "# Hello from molly-brown\n");
        await using var molly = await MollyBrown.StartAsync(directory.Path, docs);

        var front = Front($"gemini://localhost:{molly.Port}/");
        var page = await front.GetAsync("/old/hello.gmi").WaitAsync(Limit);
        var missing = await front.GetAsync("/old/missing.gmi").WaitAsync(Limit);

        Assert.Equal((StatusCode.Success, "# Hello from molly-brown\n"), (page.Status, page.Text));
        Assert.Equal(StatusCode.NotFound, missing.Status);
    }

    /// <summary>molly-brown serving a directory over TLS on a port of its own.</summary>
    private sealed class MollyBrown : IAsyncDisposable
    {
        private readonly Process _process;

        private MollyBrown(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public static async Task<MollyBrown> StartAsync(string directory, string docs)
        {
            var key = Path.Combine(directory, "key.pem");
            var certificate = Path.Combine(directory, "cert.pem");
            var openssl = await OpenSslClient.RunAsync(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-keyout", key, "-out", certificate]);
            Assert.Equal(0, openssl.ExitCode);
            for (var attempt = 1; ; attempt++)
            {
                // molly-brown binds the port itself: one found free, tried again if another process took it first.
                var port = Ports.FindFree();

                var config = Path.Combine(directory, "molly.conf");
                await File.WriteAllTextAsync(config, $"""
                    Port = {port}
                    Hostname = "localhost"
                    CertPath = "{certificate}"
                    KeyPath = "{key}"
                    DocBase = "{docs}/"
                    AccessLog = "{Path.Combine(directory, "access.log")}"
                    ErrorLog = "{Path.Combine(directory, "error.log")}"

                    """);
                var process = ChildProcesses.Start(new ProcessStartInfo("molly-brown", ["-c", config]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
                var molly = new MollyBrown(process, port);
                if (await Ports.WaitUntilAcceptingAsync(new IPEndPoint(IPAddress.Loopback, port), process))
                {
                    return molly;
                }

                await molly.DisposeAsync();
                Assert.True(attempt < 3, "molly-brown did not start: " + await File.ReadAllTextAsync(Path.Combine(directory, "error.log")));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(Limit);
            _process.Dispose();
        }
    }
}
