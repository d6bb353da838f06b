using System.Net;
using GenGemini.Internal;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using GenGemini.Transport;

namespace GenGemini.Tests.Security;

/// <summary>The client's address is always charged and banned; certificates cost nothing to mint.</summary>
public sealed class RateLimitBypassTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Fresh_certificates_over_TLS_neither_escape_the_limit_nor_the_ban()
    {
        using var directory = new TempDirectory();
        await using var server = await RunningApp.StartAsync(app => app.Map("/", _ => "# Home\n"), o =>
        {
            o.RateLimit.PermitLimit = 2;
            o.RateLimit.Window = TimeSpan.FromMinutes(1);
            o.RateLimit.BanAfter = 2;
            o.RateLimit.BanDuration = TimeSpan.FromHours(1);
        });

        var statuses = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var certificate = Directory.CreateDirectory(Path.Combine(directory.Path, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            var (cert, key) = await OpenSslClient.MakeClientCertificateAsync(certificate);
            var answer = await OpenSslClient.GetAsync(server.Port, server.Url("/"), "-cert", cert, "-key", key).WaitAsync(Limit);
            statuses.Add(answer.Text.Split("\r\n")[0]);
        }

        Assert.Equal(["20 text/gemini", "20 text/gemini"], statuses.Take(2));
        Assert.All(statuses.Skip(2), s => Assert.StartsWith("44 ", s));
        Assert.Equal("44 3600", statuses[^1]); // banned, certificate or not
    }

    [Fact]
    public async Task Finished_bans_and_old_strikes_are_forgotten()
    {
        var app = GeneratedApps.Create(o =>
        {
            o.RateLimit.PermitLimit = 1;
            o.RateLimit.Window = TimeSpan.FromMilliseconds(300);
            o.RateLimit.BanAfter = 1;
            o.RateLimit.BanDuration = TimeSpan.FromMilliseconds(300);
        });
        var client = new TestClient(app);
        await client.GetAsync("/limited/free").WaitAsync(Limit);
        await client.GetAsync("/limited/free").WaitAsync(Limit); // a strike, and a ban
        var limits = app.Application.RateLimits!;
        Assert.Equal(1, limits.TrackedOffenders);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await client.GetAsync("/limited/free").WaitAsync(Limit); // the sweep runs on a request

        Assert.Equal(0, limits.TrackedOffenders);
    }

    [Fact]
    public void An_IPv6_client_is_capped_by_its_64_as_it_is_rate_limited()
    {
        var admission = new ConnectionAdmission(100, 2, NetworkAccessList.AllowAll);

        Assert.Null(admission.TryAdmit(IPAddress.Parse("2001:db8:1:2::1"), out _, out _));
        Assert.Null(admission.TryAdmit(IPAddress.Parse("2001:db8:1:2::2"), out _, out _));
        Assert.Equal(ConnectionAdmission.Reasons.PerAddressLimit, admission.TryAdmit(IPAddress.Parse("2001:db8:1:2:ffff::3"), out _, out _));
        Assert.Null(admission.TryAdmit(IPAddress.Parse("2001:db8:1:3::1"), out _, out _)); // another /64
        Assert.Equal(IPAddress.Parse("2001:db8:1:2::"), IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd").Group());
    }
}
