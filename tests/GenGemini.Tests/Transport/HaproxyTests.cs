using System.Diagnostics.Metrics;
using System.Net;
using GenGemini.Tests.Infrastructure;
using GenGemini.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenGemini.Tests.Transport;

/// <summary>
/// Two capsules behind a real HAProxy in TCP mode, TLS ending in the capsules: every request is
/// served, and the client's own address (127.0.0.5) is what the capsule, its access log and its
/// SCGI backend see.
/// </summary>
public class HaproxyTests
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.5");
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>A capsule that names itself and the client it sees, with Perl's SCGI backend under /api.</summary>
    private static Task<RunningApp> StartCapsuleAsync(string name, int scgiPort) => RunningApp.StartAsync(
        app =>
        {
            app.Map("/who", request => Response.Success($"{name} {request.RemoteEndPoint?.Address}", "text/plain"));
            app.MapScgi("/api", host: "127.0.0.1", port: scgiPort);
        },
        options =>
        {
            options.ProxyProtocol.Enabled = true;
            options.ProxyProtocol.TrustedProxies.Add("127.0.0.1");
        },
        builder: b => b.Logging.AddFakeLogging());

    [Theory]
    [InlineData("send-proxy-v2")]
    [InlineData("send-proxy")]
    public async Task Every_request_is_served_with_the_clients_address_everywhere(string proxyOption)
    {
        await using var backend = await BackendProcess.StartPerlAsync(unix: false);
        await using var a = await StartCapsuleAsync("a", backend.Port);
        await using var b = await StartCapsuleAsync("b", backend.Port);
        await using var haproxy = await HaproxyProcess.StartAsync([a.Port, b.Port], proxyOption);
        var url = $"gemini://localhost:{haproxy.Port}";

        var served = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var (header, body) = await SourceBoundClient.GetAsync(Client, haproxy.Port, url + "/who");
            Assert.Equal("20 text/plain", header);
            served.Add(body);
        }

        Assert.All(served, body => Assert.EndsWith(" 127.0.0.5", body));
        Assert.Contains(served, body => body.StartsWith("a ", StringComparison.Ordinal)); // round robin: both serve
        Assert.Contains(served, body => body.StartsWith("b ", StringComparison.Ordinal));

        var (scgiHeader, environment) = await SourceBoundClient.GetAsync(Client, haproxy.Port, url + "/api/env");
        Assert.Equal("20 text/plain", scgiHeader);
        Assert.Contains("REMOTE_ADDR=127.0.0.5\n", environment);

        var access = a.App.Services.GetFakeLogCollector().GetSnapshot().Concat(b.App.Services.GetFakeLogCollector().GetSnapshot())
            .Where(r => r.Category == "GenGemini.Access").ToList();
        Assert.NotEmpty(access);
        Assert.All(access, r => Assert.StartsWith("127.0.0.5:", r.StructuredState!.Single(p => p.Key == "RemoteAddress").Value));
    }

    [Fact]
    public async Task With_one_capsule_stopped_the_other_serves_every_request()
    {
        await using var backend = await BackendProcess.StartPerlAsync(unix: false);
        await using var a = await StartCapsuleAsync("a", backend.Port);
        var b = await StartCapsuleAsync("b", backend.Port);
        await using var haproxy = await HaproxyProcess.StartAsync([a.Port, b.Port]);
        var url = $"gemini://localhost:{haproxy.Port}/who";

        await b.DisposeAsync();
        // HAProxy's health check (every 200 ms, down after one failure) takes b out.
        var deadline = DateTime.UtcNow + Limit;
        var inARow = 0;
        while (inARow < 10)
        {
            Assert.True(DateTime.UtcNow < deadline, "requests still failed after HAProxy's health checks had time to take the stopped capsule out");
            try
            {
                var (header, body) = await SourceBoundClient.GetAsync(Client, haproxy.Port, url);
                inARow = header == "20 text/plain" && body == "a 127.0.0.5" ? inARow + 1 : 0;
            }
            catch (IOException)
            {
                inARow = 0; // sent to b before its check failed
                await Task.Delay(100);
            }
        }
    }

    private static MetricCollector<long> Rejections(RunningApp server) =>
        new(server.App.Services.GetRequiredService<IMeterFactory>(), "GenGemini", "gemini.server.rejected_connections");

    private static async Task<string> RejectionReasonAsync(MetricCollector<long> rejections)
    {
        await rejections.WaitForMeasurementsAsync(1).WaitAsync(Limit);
        return (string)rejections.GetMeasurementSnapshot().Single().Tags["gemini.rejection.reason"]!;
    }

    [Fact]
    public async Task A_connection_from_an_untrusted_address_is_closed_unread_and_counted()
    {
        // Trusts only 10.0.0.1: a direct client from 127.0.0.5 is not a balancer.
        await using var capsule = await RunningApp.StartAsync(
            app => app.Map("/", _ => Response.Success("# never")),
            options =>
            {
                options.ProxyProtocol.Enabled = true;
                options.ProxyProtocol.TrustedProxies.Add("10.0.0.1");
            });
        using var rejections = Rejections(capsule);

        await Assert.ThrowsAnyAsync<Exception>(() => SourceBoundClient.GetAsync(Client, capsule.Port, capsule.Url("/")));
        Assert.Equal("untrusted_proxy", await RejectionReasonAsync(rejections));
    }

    [Fact]
    public async Task A_malformed_header_from_a_trusted_balancer_closes_the_connection_and_the_server_keeps_serving()
    {
        await using var capsule = await RunningApp.StartAsync(
            app => app.Map("/", _ => Response.Success("# served")),
            options =>
            {
                options.ProxyProtocol.Enabled = true;
                options.ProxyProtocol.TrustedProxies.Add("127.0.0.0/8");
            });
        using var rejections = Rejections(capsule);

        // A TLS hello where the PROXY header should be.
        await Assert.ThrowsAnyAsync<Exception>(() => SourceBoundClient.GetAsync(Client, capsule.Port, capsule.Url("/")));
        Assert.Equal("invalid_proxy_header", await RejectionReasonAsync(rejections));

        await using var haproxy = await HaproxyProcess.StartAsync([capsule.Port]);
        var (header, _) = await SourceBoundClient.GetAsync(Client, haproxy.Port, $"gemini://localhost:{haproxy.Port}/");
        Assert.Equal("20 text/gemini", header);
    }

    [Fact]
    public async Task Health_checks_with_a_v2_local_header_are_the_balancers_own_and_refuse_nothing()
    {
        await using var backend = await BackendProcess.StartPerlAsync(unix: false);
        await using var capsule = await StartCapsuleAsync("a", backend.Port);
        using var rejections = Rejections(capsule);
        await using var haproxy = await HaproxyProcess.StartAsync([capsule.Port], checkOptions: "check-send-proxy");

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several checks, every 200 ms
        var (header, body) = await SourceBoundClient.GetAsync(Client, haproxy.Port, $"gemini://localhost:{haproxy.Port}/who");

        Assert.Equal(("20 text/plain", "a 127.0.0.5"), (header, body));
        Assert.Empty(rejections.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Rate_limits_count_each_client_behind_the_balancer_on_its_own()
    {
        await using var capsule = await RunningApp.StartAsync(
            app => app.Map("/", _ => Response.Success("# ok")),
            options =>
            {
                options.ProxyProtocol.Enabled = true;
                options.ProxyProtocol.TrustedProxies.Add("127.0.0.1");
                options.RateLimit.PermitLimit = 2;
                options.RateLimit.Window = TimeSpan.FromMinutes(5);
            });
        await using var haproxy = await HaproxyProcess.StartAsync([capsule.Port]);
        var url = $"gemini://localhost:{haproxy.Port}/";

        var first = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            first.Add((await SourceBoundClient.GetAsync(Client, haproxy.Port, url)).Header);
        }

        var other = await SourceBoundClient.GetAsync(IPAddress.Parse("127.0.0.6"), haproxy.Port, url);

        Assert.Equal(["20 text/gemini", "20 text/gemini"], first[..2]);
        Assert.StartsWith("44 ", first[2]);
        Assert.Equal("20 text/gemini", other.Header); // not the balancer's address: another client, another count
    }

    [Fact]
    public void Per_address_limits_count_the_client_not_the_balancer()
    {
        var admission = new ConnectionAdmission(maxConnections: 100, maxPerAddress: 1, NetworkAccessList.AllowAll);

        // Two balancer connections take slots without a per-address count...
        Assert.Null(admission.TryAdmit(null, out _, out _));
        Assert.Null(admission.TryAdmit(null, out _, out _));
        // ...and their clients are counted once their headers name them.
        Assert.Null(admission.TryAdmitClient(IPAddress.Parse("192.0.2.1"), out _));
        Assert.Null(admission.TryAdmitClient(IPAddress.Parse("192.0.2.2"), out _));
        Assert.Equal(ConnectionAdmission.Reasons.PerAddressLimit, admission.TryAdmitClient(IPAddress.Parse("192.0.2.1"), out _));
    }
}
