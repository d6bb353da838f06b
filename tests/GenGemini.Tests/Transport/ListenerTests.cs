using System.Net;
using GenGemini.Hosting;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Transport;

/// <summary>Several listeners from configuration, each with its PROXY protocol setting.</summary>
public class ListenerTests
{
    [Fact]
    public async Task A_direct_listener_and_a_balancer_listener_serve_side_by_side()
    {
        await using var capsule = await RunningApp.StartAsync(
            app => app.Map("/who", request => Response.Success($"{request.RemoteEndPoint?.Address}", "text/plain")),
            options =>
            {
                options.Listeners.Add(new ListenerOptions { Address = "127.0.0.1", Port = 0 });
                options.Listeners.Add(new ListenerOptions { Address = "127.0.0.1", Port = 0, ProxyProtocol = true });
                options.ProxyProtocol.TrustedProxies.Add("127.0.0.1");
            });
        var ports = capsule.App.Ports;
        Assert.Equal(2, ports.Count);
        await using var haproxy = await HaproxyProcess.StartAsync([ports[1]]);

        var direct = await SourceBoundClient.GetAsync(IPAddress.Parse("127.0.0.7"), ports[0], $"gemini://localhost:{ports[0]}/who");
        var balanced = await SourceBoundClient.GetAsync(IPAddress.Parse("127.0.0.5"), haproxy.Port, $"gemini://localhost:{haproxy.Port}/who");

        Assert.Equal(("20 text/plain", "127.0.0.7"), direct);
        Assert.Equal(("20 text/plain", "127.0.0.5"), balanced);
    }

    [Theory]
    [InlineData("The PROXY protocol is on, but Gemini:ProxyProtocol:TrustedProxies is empty")]
    public void The_proxy_protocol_without_trusted_proxies_is_an_operators_mistake(string expected)
    {
        var options = new GeminiOptions();
        options.ProxyProtocol.Enabled = true;

        var result = new GeminiOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_listener_or_trusted_proxy_is_named_in_one_line()
    {
        var options = new GeminiOptions();
        options.Listeners.Add(new ListenerOptions { Address = "example.org", Port = 70000 });
        options.ProxyProtocol.TrustedProxies.Add("10.0.0.0/99");

        var failures = new GeminiOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Gemini:Listeners:0:Port must be from 0 to 65535, not 70000.", failures);
        Assert.Contains("Gemini:Listeners:0:Address must be localhost, * or an IP address, not 'example.org'.", failures);
        Assert.Contains(failures, f => f.StartsWith("Gemini:ProxyProtocol:TrustedProxies: ", StringComparison.Ordinal));
    }
}
