using GenGemini.Generated;
using GenGemini.Testing;
using GenGemini.Tests.Hosting;
using GenGemini.Tests.Infrastructure;
using GenGemini.Tests.Routing;

namespace GenGemini.Tests.RateLimiting;

/// <summary>44 with the seconds to wait: the global policy, named policies on routes and mounts, bans.</summary>
public sealed class RateLimitTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static GeminiApp Mapped(Action<GeminiOptions>? options = null, string[]? args = null) => GeneratedApps.Create(options, args);

    private static int WaitSeconds(TestResponse response)
    {
        Assert.Equal(44, (int)response.Status);
        return int.Parse(response.Meta, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_global_policy_answers_44_with_the_seconds_to_wait_per_client_address_over_TLS()
    {
        await using var server = await RunningApp.StartAsync(app => app.Map("/", _ => "# Home\n"), o =>
        {
            o.RateLimit.PermitLimit = 3;
            o.RateLimit.Window = TimeSpan.FromMinutes(1);
        });

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await OpenSslClient.GetAsync(server.Port, server.Url("/")).WaitAsync(Limit)).Text);
        }

        Assert.All(answers.Take(3), a => Assert.Equal("20 text/gemini\r\n# Home\n", a));
        var seconds = int.Parse(answers[3]["44 ".Length..].TrimEnd(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("44 ", answers[3]);
        Assert.InRange(seconds, 1, 60);
    }

    [Fact]
    public async Task A_new_client_certificate_per_request_does_not_escape_the_address_limit()
    {
        var app = Mapped(o => o.RateLimit.PermitLimit = 1);
        var anonymous = new TestClient(app);

        Assert.Equal(20, (int)(await anonymous.GetAsync("/limited/free").WaitAsync(Limit)).Status);
        Assert.Equal(44, (int)(await anonymous.GetAsync("/limited/free").WaitAsync(Limit)).Status);
        Assert.Equal(44, (int)(await anonymous.WithCertificate("aa11").GetAsync("/limited/free").WaitAsync(Limit)).Status);
        Assert.Equal(44, (int)(await anonymous.WithCertificate("bb22").GetAsync("/limited/free").WaitAsync(Limit)).Status);
    }

    [Fact]
    public async Task The_wait_it_names_is_enough()
    {
        var app = Mapped(o =>
        {
            o.RateLimit.PermitLimit = 1;
            o.RateLimit.Window = TimeSpan.FromSeconds(2);
        });
        var client = new TestClient(app);

        Assert.Equal(20, (int)(await client.GetAsync("/limited/free").WaitAsync(Limit)).Status);
        var seconds = WaitSeconds(await client.GetAsync("/limited/free").WaitAsync(Limit));
        await Task.Delay(TimeSpan.FromSeconds(seconds + 0.5));

        Assert.InRange(seconds, 1, 2);
        Assert.Equal(20, (int)(await client.GetAsync("/limited/free").WaitAsync(Limit)).Status);
    }

    [Fact]
    public async Task A_named_policy_limits_its_route_and_not_the_others()
    {
        var client = new TestClient(Mapped());

        var tight = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            tight.Add((int)(await client.GetAsync("/limited/tight").WaitAsync(Limit)).Status);
        }

        Assert.Equal([20, 20, 44], tight);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("free", (await client.GetAsync("/limited/free").WaitAsync(Limit)).Text);
        }
    }

    [Fact]
    public async Task A_named_route_policy_answers_44_over_TLS()
    {
        await using var server = await RunningApp.StartAsync(
            GeneratedApps.Map,
            builder: GeneratedApps.AddServices);

        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await OpenSslClient.GetAsync(server.Port, server.Url("/limited/tight")).WaitAsync(Limit)).Text);
        }

        var free = await OpenSslClient.GetAsync(server.Port, server.Url("/limited/free")).WaitAsync(Limit);

        Assert.Equal(["20 text/gemini\r\ntight", "20 text/gemini\r\ntight"], answers.Take(2));
        Assert.Matches(@"^44 [1-6]?[0-9]\r\n$", answers[2]);
        Assert.Equal("20 text/gemini\r\nfree", free.Text);
    }

    [Fact]
    public async Task A_policy_on_a_class_covers_its_routes()
    {
        var client = new TestClient(Mapped());

        Assert.Equal(20, (int)(await client.GetAsync("/classwide/a").WaitAsync(Limit)).Status);
        Assert.Equal(44, (int)(await client.GetAsync("/classwide/a").WaitAsync(Limit)).Status);
    }

    [Fact]
    public async Task Configuration_overrides_a_declared_policy_key_by_key()
    {
        var client = new TestClient(Mapped(args: ["--Gemini:RateLimit:Policies:tight:PermitLimit=4"]));

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((int)(await client.GetAsync("/limited/tight").WaitAsync(Limit)).Status);
        }

        Assert.Equal([20, 20, 20, 20, 44], statuses);
    }

    [Fact]
    public async Task A_mount_takes_a_policy_from_configuration()
    {
        var app = TestApps.Create(args: ["--Gemini:RateLimit:Policies:mounted:PermitLimit=1"]);
        app.Mount("/rate-limited-mount", new Fixed().WithRateLimit("mounted"));
        var client = new TestClient(app);

        Assert.Equal(20, (int)(await client.GetAsync("/rate-limited-mount/a").WaitAsync(Limit)).Status);
        Assert.Equal(44, (int)(await client.GetAsync("/rate-limited-mount/b").WaitAsync(Limit)).Status);
    }

    [Fact]
    public async Task A_mount_naming_an_unknown_policy_fails_the_start_with_one_line()
    {
        await using var app = TestApps.Create();
        app.Mount("/rate-limited-mount", new Fixed().WithRateLimit("nowhere"));

        var error = await Assert.ThrowsAsync<GeminiStartupException>(() => app.StartAsync()).WaitAsync(Limit);

        Assert.Contains("'nowhere'", error.Message);
    }

    [Fact]
    public async Task A_client_that_keeps_coming_while_limited_is_banned()
    {
        var app = Mapped(o =>
        {
            o.RateLimit.PermitLimit = 1;
            o.RateLimit.Window = TimeSpan.FromSeconds(1);
            o.RateLimit.BanAfter = 2;
            o.RateLimit.BanDuration = TimeSpan.FromHours(1);
        });
        var client = new TestClient(app);

        Assert.Equal(20, (int)(await client.GetAsync("/limited/free").WaitAsync(Limit)).Status);
        Assert.InRange(WaitSeconds(await client.GetAsync("/limited/free").WaitAsync(Limit)), 1, 1);
        var banned = WaitSeconds(await client.GetAsync("/limited/free").WaitAsync(Limit));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the window is over, the ban is not

        Assert.Equal(3600, banned);
        Assert.InRange(WaitSeconds(await client.GetAsync("/limited/free").WaitAsync(Limit)), 3500, 3600);
        // A fresh certificate is not a fresh client: the address stays banned.
        Assert.InRange(WaitSeconds(await client.WithCertificate("cc33").GetAsync("/limited/free").WaitAsync(Limit)), 3500, 3600);
    }

    [Fact]
    public async Task Without_a_policy_nothing_is_limited()
    {
        var client = new TestClient(Mapped());

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(20, (int)(await client.GetAsync("/limited/free").WaitAsync(Limit)).Status);
        }
    }

    [Fact]
    public void The_rate_limit_section_binds_from_configuration()
    {
        var app = TestApps.Create(args: ["--Gemini:RateLimit:PermitLimit=7", "--Gemini:RateLimit:Window=00:00:30", "--Gemini:RateLimit:Algorithm=TokenBucket"]);

        Assert.Equal((7, TimeSpan.FromSeconds(30), RateLimitAlgorithm.TokenBucket), (app.Options.RateLimit.PermitLimit, app.Options.RateLimit.Window, app.Options.RateLimit.Algorithm));
    }

    private sealed class Fixed : IGeminiHandler
    {
        public ValueTask<Response> HandleAsync(Request request) => ValueTask.FromResult(Response.Success("file"));
    }
}
