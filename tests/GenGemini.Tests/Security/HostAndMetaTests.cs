using System.Text;
using GenGemini.Diagnostics;
using GenGemini.Protocol;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenGemini.Tests.Security;

/// <summary>
/// A client's words never leave the server as structure: hosts are host names, META carries no
/// control, log lines carry no control and no upload token.
/// </summary>
public sealed class HostAndMetaTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("gemini://x%0a=%3e%20gemini%3a%2f%2fphish%0ay.example.org/")]
    [InlineData("gemini://x%20y.example.org/")]
    [InlineData("gemini://x%00.example.org/")]
    [InlineData("gemini://under_score.example/")]
    [InlineData("gemini://-lead.example/")]
    [InlineData("gemini://a..b/")]
    [InlineData("gemini://%2f/")]
    [InlineData("gemini://[::1]junk/")]
    [InlineData("gemini://x\u2028y.example/")]
    [InlineData("gemini://./")]
    [InlineData("gemini://example.org-/")]
    [InlineData("gemini://example.-org/")]
    [InlineData("gemini://m%C3%BCnchen_x.de/")]
    public void A_host_that_is_not_a_host_name_is_59(string url)
    {
        Assert.False(RequestLineParser.TryParse(Encoding.UTF8.GetBytes(url), out _, out var error));
        Assert.Equal(StatusCode.BadRequest, error.Status);
    }

    [Theory]
    [InlineData("gemini://Example.ORG/", "example.org")]
    [InlineData("gemini://example.org./", "example.org")]
    [InlineData("gemini://192.0.2.7/", "192.0.2.7")]
    [InlineData("gemini://[2001:DB8::1]/", "[2001:db8::1]")]
    [InlineData("gemini://xn--mnchen-3ya.de/", "xn--mnchen-3ya.de")]
    [InlineData("gemini://m%C3%BCnchen.de/", "münchen.de")]
    [InlineData("gemini://例え.jp/", "例え.jp")]
    public void Host_names_addresses_and_international_names_are_served(string url, string host)
    {
        Assert.True(RequestLineParser.TryParse(Encoding.UTF8.GetBytes(url), out var uri, out var error), error.Meta);
        Assert.Equal(host, uri!.Host);
    }

    [Fact]
    public void A_host_name_may_be_253_characters_with_labels_of_63_and_no_longer()
    {
        var longest = new string('a', 63) + "." + new string('b', 63) + "." + new string('c', 63) + "." + new string('d', 61);
        Assert.Equal(253, longest.Length);

        Assert.True(global::GenGemini.Protocol.HostNames.TryNormalize(longest, out var host));
        Assert.Equal(longest, host);
        Assert.False(global::GenGemini.Protocol.HostNames.TryNormalize(longest + "d", out _));      // 254
        Assert.False(global::GenGemini.Protocol.HostNames.TryNormalize(new string('a', 64) + ".org", out _)); // a label of 64
        Assert.False(global::GenGemini.Protocol.HostNames.TryNormalize("example." + new string('z', 64), out _)); // the last label too
        Assert.True(global::GenGemini.Protocol.HostNames.TryNormalize("EXAMPLE.org", out var lowered));
        Assert.Equal("example.org", lowered);
    }



    [Fact]
    public async Task A_wildcard_host_handler_never_sees_a_line_break_in_its_host()
    {
        var app = TestApps.Create(o => o.HostNames.Add("*"));
        app.Map("/", request => $"# Welcome to {request.Host}\n");

        var response = await new TestClient(app).GetAsync("gemini://x%0a=%3e%20gemini%3a%2f%2fphish%0ay.example.org/").WaitAsync(Limit);

        Assert.Equal(StatusCode.BadRequest, response.Status);
    }

    [Fact]
    public async Task A_handler_message_with_controls_goes_out_without_them()
    {
        var app = TestApps.Create();
        app.Map("/page", (Func<Request, Response>)(request => throw new GeminiException(StatusCode.NotFound, $"No page {request.Query}")));
        app.Map("/direct", request => Response.NotFound($"No page {request.Query}"));
        var client = new TestClient(app);

        foreach (var path in new[] { "/page?a%00b%1b[31mc%c2%9bd", "/direct?a%00b%1b[31mc%c2%9bd" })
        {
            var response = await client.GetAsync(path).WaitAsync(Limit);
            Assert.Equal(StatusCode.NotFound, response.Status);
            Assert.Equal("No page a\uFFFDb\uFFFD[31mc\uFFFDd", response.Meta);
        }
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u001bb")]
    [InlineData("a\u009bb")]
    [InlineData("a\tb")]
    public void No_response_header_carries_a_control(string meta) =>
        Assert.Contains("control characters", Assert.Throws<ArgumentException>(() => new Response(StatusCode.NotFound, meta)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("a\u0001b", "a\uFFFDb")]                 // a control at an odd position
    [InlineData("\u0001\U0001F600x", "\uFFFD\U0001F600x")] // a pair kept whole after a control
    [InlineData("plain", "plain")]
    public void Sanitizing_replaces_each_control_and_keeps_everything_else(string meta, string sanitized) =>
        Assert.Equal(sanitized, global::GenGemini.Protocol.MetaValidator.Sanitize(meta));

    [Fact]
    public void Sanitizing_keeps_a_lone_high_surrogate_at_the_end()
    {
        // In code, not in [InlineData]: test discovery would turn a lone surrogate into U+FFFD.
        var meta = "\u0001" + '\uD83D';

        Assert.Equal("\uFFFD" + '\uD83D', global::GenGemini.Protocol.MetaValidator.Sanitize(meta));
    }

    [Fact]
    public void A_sanitized_message_may_use_all_1024_bytes_and_no_more()
    {
        var sanitized = global::GenGemini.Protocol.MetaValidator.Sanitize("\u0001" + new string('x', 1021) + "z");

        Assert.Equal("\uFFFD" + new string('x', 1021), sanitized);
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(sanitized));
    }

    [Fact]
    public void A_META_over_1024_bytes_is_refused_and_a_message_is_cut_on_a_character_boundary()
    {
        Assert.Contains("1024 bytes", Assert.Throws<ArgumentException>(() => new Response(StatusCode.NotFound, new string('x', 1025))).Message, StringComparison.Ordinal);

        // A control (3 bytes once replaced) and 300 four-byte characters: 3 + 4 x 255 = 1023 bytes fit.
        var sanitized = Response.NotFound("\u0001" + string.Concat(Enumerable.Repeat("\U0001F600", 300))).Meta;

        Assert.Equal("\uFFFD" + string.Concat(Enumerable.Repeat("\U0001F600", 255)), sanitized);
        Assert.Equal(1023, Encoding.UTF8.GetByteCount(sanitized));
    }

    [Fact]
    public void A_backend_META_with_a_C1_control_is_refused()
    {
        Assert.Equal(BackendParseStatus.Invalid, BackendResponseParser.TryParse(Encoding.UTF8.GetBytes("20 text/gemini\u009b2J\r\n"), out _));
        Assert.Equal(BackendParseStatus.Complete, BackendResponseParser.TryParse(Encoding.UTF8.GetBytes("20 text/gemini; lang=fr\r\n"), out _));
    }

    [Theory]
    [InlineData("gemini://h/a\u2028b", "gemini://h/a\\u2028b")]
    [InlineData("gemini://h/a\u0085b", "gemini://h/a\\u0085b")]
    [InlineData("gemini://h/\u202Egmi.exe", "gemini://h/\\u202Egmi.exe")]
    [InlineData("titan://h/up;size=3;token=hunter2;mime=text/plain", "titan://h/up;size=3;token=***;mime=text/plain")]
    [InlineData("titan://h/up;size=3;TOKEN=hunter2", "titan://h/up;size=3;TOKEN=***")]
    [InlineData(";token=first", ";token=***")]
    [InlineData("titan://h/x;token=;size=3", "titan://h/x;token=***;size=3")]
    [InlineData("titan://h/\u2028;token=abc", "titan://h/\\u2028;token=***")]
    [InlineData("\u2028x", "\\u2028x")]
    [InlineData("é\u0001 ~", "é\\u0001 ~")]
    [InlineData("gemini://h/plain", "gemini://h/plain")]
    [InlineData("gemini://h/café", "gemini://h/café")]
    public void Logged_values_are_escaped_and_tokens_redacted(string value, string logged) =>
        Assert.Equal(logged, LogValues.Escape(value));

    [Fact]
    public async Task The_access_log_over_TLS_has_no_raw_separator_and_no_token()
    {
        await using var server = await RunningApp.StartAsync(
            app => app.Map("/", _ => "# Home\n"),
            builder: b => b.Logging.AddFakeLogging());

        await OpenSslClient.GetAsync(server.Port, server.Url("/a\u2028b\u202Ec")).WaitAsync(Limit);
        await OpenSslClient.SendAsync(server.Port, Encoding.UTF8.GetBytes($"titan://localhost:{server.Port}/up;size=1;token=hunter2\r\nx")).WaitAsync(Limit);

        var lines = await Eventually.FoundAsync(
            () =>
            {
                var access = server.App.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "GenGemini.Access").Select(r => r.Message).ToList();
                return access.Count >= 2 ? access : null;
            },
            "two access lines",
            Limit);

        Assert.Contains(lines, l => l.Contains("/a\\u2028b\\u202Ec", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("token=***", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("hunter2", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain(l, c => c is '\u2028' or '\u202E' or '\u0085'));
    }
}
