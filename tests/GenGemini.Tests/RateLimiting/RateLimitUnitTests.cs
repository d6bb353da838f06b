using System.Net;
using System.Security.Authentication;
using GenGemini.Protocol;
using GenGemini.RateLimiting;

namespace GenGemini.Tests.RateLimiting;

/// <summary>The limiter on its own: what a client counts as, and each algorithm refusing past its limit.</summary>
public sealed class RateLimitUnitTests
{
    private static Request From(string address, string? certificate = null)
    {
        Assert.True(RequestLineParser.TryParse("gemini://localhost/"u8, out var uri, out _));
        var connection = certificate is null
            ? new ConnectionInfo(new IPEndPoint(IPAddress.Parse(address), 40000), null, SslProtocols.Tls13, null)
            : new ConnectionInfo(certificate);
        return new GeminiExchange(uri!, connection).Request;
    }

    [Fact]
    public void A_client_counts_as_its_address_an_IPv6_client_as_its_64()
    {
        Assert.Equal("ip:2001:db8:1:2::/64", RateLimits.PartitionKey(From("2001:db8:1:2::1")));
        Assert.Equal("ip:2001:db8:1:2::/64", RateLimits.PartitionKey(From("2001:db8:1:2:ffff:ffff:ffff:9")));
        Assert.Equal("ip:2001:db8:1:3::/64", RateLimits.PartitionKey(From("2001:db8:1:3::1")));
        Assert.Equal("ip:192.0.2.7", RateLimits.PartitionKey(From("::ffff:192.0.2.7")));
        Assert.Equal("ip:192.0.2.7", RateLimits.PartitionKey(From("192.0.2.7")));
    }

    [Theory]
    [InlineData(RateLimitAlgorithm.FixedWindow)]
    [InlineData(RateLimitAlgorithm.SlidingWindow)]
    [InlineData(RateLimitAlgorithm.TokenBucket)]
    public void Each_algorithm_refuses_past_its_limit_with_44_and_a_wait(RateLimitAlgorithm algorithm)
    {
        using var limits = new RateLimits(new RateLimitPolicyOptions(), new Dictionary<string, RateLimitPolicyOptions>
        {
            ["p"] = new() { PermitLimit = 2, Window = TimeSpan.FromMinutes(1), Algorithm = algorithm },
        });
        var client = From("192.0.2.8");

        Assert.Null(limits.Check("p", client));
        Assert.Null(limits.Check("p", client));
        var refused = limits.Check("p", client);

        Assert.Equal(StatusCode.SlowDown, refused!.Status);
        Assert.InRange(int.Parse(refused.Meta, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Null(limits.Check("p", From("192.0.2.9"))); // another client, its own allowance
        Assert.Null(limits.Check("unknown", client));      // no such policy: nothing limits
    }

    // Windows of an hour: the limiters' own windows never turn during a test; strikes, bans and
    // the sweep follow the fake clock.
    private static (RateLimits Limits, Microsoft.Extensions.Time.Testing.FakeTimeProvider Time) Limits(int banAfter, TimeSpan? ban = null, TimeSpan? window = null)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var limits = new RateLimits(new RateLimitPolicyOptions(), new Dictionary<string, RateLimitPolicyOptions>
        {
            ["p"] = new() { PermitLimit = 1, Window = window ?? TimeSpan.FromHours(1), BanAfter = banAfter, BanDuration = ban ?? TimeSpan.FromHours(1) },
        }, time);
        return (limits, time);
    }

    [Fact]
    public void An_offender_who_never_returns_is_forgotten_when_another_client_comes_and_a_fresh_one_is_kept()
    {
        var (limits, time) = Limits(banAfter: 2);
        using var _ = limits;
        var old = From("192.0.2.10");
        Assert.Null(limits.Check("p", old));
        Assert.Equal(StatusCode.SlowDown, limits.Check("p", old)!.Status);
        Assert.Equal(StatusCode.SlowDown, limits.Check("p", old)!.Status); // a second strike: banned for an hour
        Assert.Equal("3600", limits.Check("p", old)!.Meta);
        Assert.Equal(1, limits.TrackedOffenders);

        time.Advance(TimeSpan.FromMinutes(100)); // the ban is over, but a window and a ban have not passed since
        var fresh = From("192.0.2.12");
        Assert.Null(limits.Check("p", fresh));
        Assert.Equal(StatusCode.SlowDown, limits.Check("p", fresh)!.Status); // one strike, no ban
        Assert.Equal(2, limits.TrackedOffenders);

        time.Advance(TimeSpan.FromMinutes(30)); // 130 minutes after the old offence, 30 after the fresh one
        Assert.Null(limits.Check("p", From("192.0.2.11"))); // someone else's request runs the sweep

        Assert.Equal(1, limits.TrackedOffenders); // the old one is forgotten, the fresh one kept
        Assert.Equal(StatusCode.SlowDown, limits.Check("p", fresh)!.Status);
        Assert.Equal(StatusCode.SlowDown, limits.Check("p", fresh)!.Status); // its first strike still counts: now banned
        Assert.Equal("3600", limits.Check("p", fresh)!.Meta);
    }

    [Fact]
    public void A_ban_lasts_its_duration_to_the_second_and_the_sweep_never_drops_one_in_force()
    {
        var (limits, time) = Limits(banAfter: 1, ban: TimeSpan.FromMinutes(10));
        using var _ = limits;
        var client = From("192.0.2.20");
        Assert.Null(limits.Check("p", client));
        Assert.Equal("600", limits.Check("p", client)!.Meta); // the strike that bans

        time.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(30));
        Assert.Equal("30", limits.Check("p", client)!.Meta); // what is left of the ban
        time.Advance(TimeSpan.FromSeconds(29.5));
        Assert.Equal("1", limits.Check("p", client)!.Meta); // never 0

        time.Advance(TimeSpan.FromMinutes(61)); // the sweep is due; this ban ended long ago
        Assert.Null(limits.Check("p", From("192.0.2.21")));
        Assert.Equal(0, limits.TrackedOffenders);
    }

    [Fact]
    public void Without_bans_nothing_is_tracked_and_the_window_alone_refuses()
    {
        var (limits, time) = Limits(banAfter: 0);
        using var _ = limits;
        var client = From("192.0.2.30");
        Assert.Null(limits.Check("p", client));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(StatusCode.SlowDown, limits.Check("p", client)!.Status);
        }

        time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, limits.TrackedOffenders);
    }

    [Fact]
    public void A_policy_without_permits_limits_nothing_and_offenders_of_every_policy_are_counted()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var limits = new RateLimits(
            new RateLimitPolicyOptions { PermitLimit = 1, Window = TimeSpan.FromHours(1), BanAfter = 1 },
            new Dictionary<string, RateLimitPolicyOptions>
            {
                ["a"] = new() { PermitLimit = 1, Window = TimeSpan.FromHours(1), BanAfter = 1 },
                ["b"] = new() { PermitLimit = 1, Window = TimeSpan.FromHours(1), BanAfter = 1 },
                ["off"] = new() { PermitLimit = 0 },
            },
            time);
        Assert.True(limits.HasGlobal);
        var client = From("192.0.2.40");
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(limits.Check("off", client));
        }

        limits.CheckGlobal(client);
        limits.CheckGlobal(client);
        limits.Check("a", client);
        limits.Check("a", client);
        limits.Check("b", client);
        limits.Check("b", client);
        Assert.Equal(3, limits.TrackedOffenders);
        Assert.False(new RateLimits(new RateLimitPolicyOptions(), new Dictionary<string, RateLimitPolicyOptions>()).HasGlobal);
    }

    [Fact]
    public void A_request_without_an_address_counts_as_unknown()
    {
        Assert.True(RequestLineParser.TryParse("gemini://localhost/"u8, out var uri, out _));
        Assert.Equal("unknown", RateLimits.PartitionKey(new GeminiExchange(uri!, ConnectionInfo.None).Request));
    }

    [Fact]
    public void A_ban_ends_at_its_last_tick_and_the_client_is_then_judged_by_its_window_again()
    {
        var (limits, time) = Limits(banAfter: 1, ban: TimeSpan.FromMinutes(10));
        using var _ = limits;
        var client = From("192.0.2.50");
        Assert.Null(limits.Check("p", client));
        Assert.Equal("600", limits.Check("p", client)!.Meta);

        time.Advance(TimeSpan.FromMinutes(10)); // exactly when the ban ends
        // No longer banned: the hour's window still refuses, which is a new strike and a new ban.
        Assert.Equal("600", limits.Check("p", client)!.Meta);
    }

    [Fact]
    public async Task A_permitted_request_clears_the_strikes_before_it()
    {
        // A window of the real clock (the limiters keep their own), short enough to pass in the test.
        var (limits, _) = Limits(banAfter: 2, window: TimeSpan.FromMilliseconds(200));
        using var owned = limits;
        var client = From("192.0.2.60");
        Assert.Null(limits.Check("p", client));
        Assert.NotEqual("3600", limits.Check("p", client)!.Meta); // one strike, no ban

        await Task.Delay(TimeSpan.FromSeconds(1)); // the window turns
        Assert.Null(limits.Check("p", client)); // permitted: its strike is forgotten
        Assert.NotEqual("3600", limits.Check("p", client)!.Meta); // so this is its first strike again, not a ban
        Assert.Equal("3600", limits.Check("p", client)!.Meta); // and this its second
    }
}
