using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenGemini.Tests.Security;

/// <summary>Dangerous settings work, and say so in one warning line each when the app starts.</summary>
public sealed class StartupWarningTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static async Task<IReadOnlyList<string>> WarningsAsync(Action<GeminiOptions> options, Action<GeminiApp>? configure = null)
    {
        using var directory = new TempDirectory();
        await using var server = await RunningApp.StartAsync(configure ?? (app => app.Map("/", _ => "x")), options, builder: b =>
        {
            b.Logging.AddFakeLogging();
            GeneratedApps.AddServices(b);
        });
        return [.. server.App.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Id.Id == 15).Select(r => r.Message)];
    }

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    public async Task Trusting_every_address_as_a_proxy_is_warned(string network)
    {
        var warnings = await WarningsAsync(o => o.ProxyProtocol.TrustedProxies.Add(network)).WaitAsync(Limit);
        Assert.Contains(warnings, w => w.Contains($"TrustedProxies contains '{network}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serving_any_host_name_is_warned()
    {
        var warnings = await WarningsAsync(o => o.HostNames.Add("*")).WaitAsync(Limit);
        Assert.Contains(warnings, w => w.StartsWith("Gemini:HostNames contains '*'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_static_root_of_slash_is_warned()
    {
        var warnings = await WarningsAsync(o => o.Hosts["files.example"] = new GeminiHostOptions { StaticRoot = "/" }).WaitAsync(Limit);
        Assert.Contains(warnings, w => w.Contains("StaticRoot is the file system's root", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Titan_without_tokens_on_a_public_address_is_warned_and_on_loopback_not()
    {
        var open = await WarningsAsync(o => o.ListenAddress = "0.0.0.0", app => { GeneratedApps.Map(app); }).WaitAsync(Limit);
        var local = await WarningsAsync(_ => { }, app => { GeneratedApps.Map(app); }).WaitAsync(Limit);

        Assert.Contains(open, w => w.StartsWith("Titan upload routes are served on a public address", StringComparison.Ordinal));
        Assert.DoesNotContain(local, w => w.StartsWith("Titan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_safe_configuration_warns_of_nothing()
    {
        Assert.Empty(await WarningsAsync(_ => { }).WaitAsync(Limit));
    }
}
