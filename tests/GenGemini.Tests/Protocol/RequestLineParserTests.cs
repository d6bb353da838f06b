using System.Text;
using GenGemini.Protocol;

namespace GenGemini.Tests.Protocol;

public class RequestLineParserTests
{
    private static (GeminiUri? Uri, RequestError Error, bool Ok) Parse(string uri) => Parse(Encoding.UTF8.GetBytes(uri));

    private static (GeminiUri? Uri, RequestError Error, bool Ok) Parse(byte[] bytes)
    {
        var ok = RequestLineParser.TryParse(bytes, out var uri, out var error);
        return (uri, error, ok);
    }

    [Fact]
    public void Parses_host_port_path_and_query()
    {
        var (uri, _, ok) = Parse("gemini://Example.ORG:1966/a/b?x=1+2%20y");
        Assert.True(ok);
        Assert.Equal("example.org", uri!.Host);
        Assert.Equal(1966, uri.Port);
        Assert.Equal("/a/b", uri.Path);
        Assert.Equal("x=1+2%20y", uri.RawQuery);
        Assert.Equal("x=1+2 y", uri.Query); // '+' stays '+'
    }

    [Theory]
    [InlineData("gemini://example.org", "/")]
    [InlineData("gemini://example.org/", "/")]
    [InlineData("gemini://example.org?q", "/")]
    public void Empty_path_and_slash_are_the_same_resource(string url, string path)
    {
        var (uri, _, ok) = Parse(url);
        Assert.True(ok);
        Assert.Equal(path, uri!.Path);
        Assert.Equal(1965, uri.Port);
    }

    [Theory]
    [InlineData("gemini://example.org/a/../b", "/b")]
    [InlineData("gemini://example.org/a/./b/", "/a/b/")]
    [InlineData("gemini://example.org/a/%2E%2e/b", "/b")] // percent-encoded dots are dots (RFC 3986 6.2.2.2)
    [InlineData("gemini://example.org/a/%2e/b", "/a/b")]
    [InlineData("gemini://example.org/a/b/..", "/a/")]
    [InlineData("gemini://example.org/a..b/.c", "/a..b/.c")]
    public void Dot_segments_are_removed(string url, string path) => Assert.Equal(path, Parse(url).Uri!.Path);

    [Theory]
    [InlineData("gemini://example.org/..")]
    [InlineData("gemini://example.org/../")]
    [InlineData("gemini://example.org/../../etc/passwd")]
    [InlineData("gemini://example.org/a/../../b")]
    [InlineData("gemini://example.org/%2e%2e/x")]
    [InlineData("gemini://localhost/../../")]
    public void A_path_that_climbs_above_the_root_is_59(string url)
    {
        var (_, error, ok) = Parse(url);

        Assert.False(ok);
        Assert.Equal((59, "Path climbs above the root"), ((int)error.Status, error.Meta));
    }

    [Fact]
    public void Percent_encoded_path_is_decoded_and_raw_path_kept()
    {
        var (uri, _, _) = Parse("gemini://h/caf%C3%A9/a%20b");
        Assert.Equal("/café/a b", uri!.Path);
        Assert.Equal("/caf%C3%A9/a%20b", uri.RawPath);
    }

    [Fact]
    public void IRI_with_raw_UTF8_is_accepted()
    {
        var (uri, _, ok) = Parse("gemini://例え.jp/日本語?ä");
        Assert.True(ok);
        Assert.Equal("例え.jp", uri!.Host);
        Assert.Equal("/日本語", uri.Path);
        Assert.Equal("ä", uri.Query);
    }

    [Fact]
    public void IPv6_literal_host()
    {
        var (uri, _, ok) = Parse("gemini://[::1]:1970/x");
        Assert.True(ok);
        Assert.Equal("[::1]", uri!.Host);
        Assert.Equal(1970, uri.Port);
    }

    [Theory]
    [InlineData("gemini://user@example.org/", "Userinfo is not allowed in requests")]
    [InlineData("gemini://example.org/#frag", "Fragments are not allowed in requests")]
    [InlineData("//example.org/", "Request must be an absolute URI")]
    [InlineData("/just/a/path", "Request must be an absolute URI")]
    [InlineData("example.org", "Request must be an absolute URI")]
    [InlineData("gemini:example.org", "Request must be an absolute URI")]
    [InlineData("gemini:///path", "Malformed host or port")]
    [InlineData("gemini://example.org:99999/", "Malformed host or port")]
    [InlineData("gemini://example.org:0/", "Malformed host or port")]
    [InlineData("gemini://example.org:x/", "Malformed host or port")]
    [InlineData("gemini://[zz]/", "Malformed host or port")]
    [InlineData("gemini://example.org/a b", "Malformed URI")]
    [InlineData("gemini://example.org/%zz", "Malformed percent-encoding in path")]
    [InlineData("gemini://example.org/%ff", "Malformed percent-encoding in path")]
    [InlineData("gemini://example.org/?%C3", "Malformed percent-encoding in query")]
    [InlineData("", "Empty request")]
    [InlineData(":", "Request must be an absolute URI")]
    [InlineData(":gemini://example.org/", "Request must be an absolute URI")]
    [InlineData("gemini://@example.org/", "Userinfo is not allowed in requests")]
    [InlineData("gemini://:1965/", "Malformed host or port")]
    [InlineData("gemini://[::1]junk/", "Malformed host or port")]
    [InlineData("gemini://[::1/", "Malformed host or port")]
    [InlineData("gemini://example.org:65536/", "Malformed host or port")]
    [InlineData("gemini://example.org/a%4", "Malformed percent-encoding in path")]
    [InlineData("gemini://example.org/a%", "Malformed percent-encoding in path")]
    [InlineData("gemini://example.org/?a%4", "Malformed percent-encoding in query")]
    public void Malformed_requests_get_59(string url, string meta)
    {
        var (_, error, ok) = Parse(url);
        Assert.False(ok);
        Assert.Equal(StatusCode.BadRequest, error.Status);
        Assert.Equal(meta, error.Meta);
    }

    [Fact]
    public void The_highest_port_and_a_bracketed_address_with_a_port_are_accepted()
    {
        var (uri, _, ok) = Parse("gemini://example.org:65535/x");
        Assert.True(ok);
        Assert.Equal(65535, uri!.Port);
        (uri, _, ok) = Parse("gemini://example.org:1/x");
        Assert.True(ok);
        Assert.Equal(1, uri!.Port);
        (uri, _, ok) = Parse("gemini://example.org:/x"); // an empty port is the default one (RFC 3986 3.2.3)
        Assert.True(ok);
        Assert.Equal(1965, uri!.Port);
    }

    [Fact]
    public void NUL_gets_59()
    {
        Assert.Equal("Request contains NUL", Parse("gemini://h/a\0b").Error.Meta);
        Assert.Equal("Request contains NUL", Parse("\0gemini://h/").Error.Meta); // first
    }

    [Fact]
    public void Invalid_UTF8_gets_59()
    {
        var bytes = Encoding.ASCII.GetBytes("gemini://h/ab").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        var (_, error, ok) = Parse(bytes);
        Assert.False(ok);
        Assert.Equal(StatusCode.BadRequest, error.Status);
        Assert.Equal("Request is not valid UTF-8", error.Meta);
    }

    [Theory]
    [InlineData("https://example.org/")]
    [InlineData("gopher://example.org/")]
    [InlineData("HTTP://example.org/")]
    [InlineData("a+b://example.org/")] // '+', '-' and '.' belong in a scheme: another scheme, not a malformed one
    [InlineData("a-b://example.org/")]
    [InlineData("a.b://example.org/")]
    public void Other_schemes_get_53(string url)
    {
        var (_, error, ok) = Parse(url);
        Assert.False(ok);
        Assert.Equal(StatusCode.ProxyRequestRefused, error.Status);
    }

    [Fact]
    public void Scheme_is_case_insensitive() => Assert.True(Parse("GEMINI://h/").Ok);

    [Fact]
    public void Exactly_1024_bytes_is_accepted_and_1025_is_not()
    {
        var prefix = "gemini://h/";
        var ok = prefix + new string('a', 1024 - prefix.Length);
        var over = ok + "a";
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(ok));

        Assert.Equal(RequestLineScan.Complete, RequestLineParser.Scan(Encoding.UTF8.GetBytes(ok + "\r\n"), out var length));
        Assert.Equal(1024, length);
        Assert.True(Parse(ok).Ok);

        Assert.Equal(RequestLineScan.TooLong, RequestLineParser.Scan(Encoding.UTF8.GetBytes(over + "\r\n"), out _));
        Assert.Equal("Request exceeds 1024 bytes", RequestLineParser.ScanError(RequestLineScan.TooLong).Meta);
        Assert.False(Parse(over).Ok);
    }

    [Fact]
    public void Long_input_without_line_feed_is_too_long_once_past_the_limit()
    {
        Assert.Equal(RequestLineScan.Incomplete, RequestLineParser.Scan(new byte[1025], out _));
        Assert.Equal(RequestLineScan.TooLong, RequestLineParser.Scan(new byte[1026], out _));
    }

    [Fact]
    public void Bare_LF_is_refused()
    {
        Assert.Equal(RequestLineScan.BareLineFeed, RequestLineParser.Scan("gemini://h/\n"u8, out _));
        Assert.Equal(StatusCode.BadRequest, RequestLineParser.ScanError(RequestLineScan.BareLineFeed).Status);
    }

    [Fact]
    public void Bytes_after_CRLF_are_ignored()
    {
        Assert.Equal(RequestLineScan.Complete, RequestLineParser.Scan("gemini://h/x\r\nextra junk\r\n"u8, out var length));
        Assert.Equal("gemini://h/x".Length, length);
    }

    [Fact]
    public void Incomplete_line_asks_for_more() =>
        Assert.Equal(RequestLineScan.Incomplete, RequestLineParser.Scan("gemini://h/x\r"u8, out _));
}
