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

    [Fact]
    public async Task An_offender_who_never_returns_is_forgotten_when_another_client_comes()
    {
        using var limits = new RateLimits(new RateLimitPolicyOptions(), new Dictionary<string, RateLimitPolicyOptions>
        {
            ["p"] = new() { PermitLimit = 1, Window = TimeSpan.FromMilliseconds(100), BanAfter = 1, BanDuration = TimeSpan.FromMilliseconds(100) },
        });
        var offender = From("192.0.2.10");
        Assert.Null(limits.Check("p", offender));
        Assert.Equal(StatusCode.SlowDown, limits.Check("p", offender)!.Status); // a strike, and a ban
        Assert.Equal(1, limits.TrackedOffenders);

        await Task.Delay(TimeSpan.FromMilliseconds(600)); // past a window and a ban: the offence says nothing any more
        Assert.Null(limits.Check("p", From("192.0.2.11"))); // someone else's request runs the sweep

        Assert.Equal(0, limits.TrackedOffenders);
    }
}
