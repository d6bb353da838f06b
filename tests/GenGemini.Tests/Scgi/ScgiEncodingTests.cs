using System.Net;
using System.Security.Authentication;
using System.Text;
using GenGemini.Application;
using GenGemini.Gateways;
using GenGemini.Protocol;
using GenGemini.Scgi;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Scgi;

public class ScgiEncodingTests
{
    [Fact]
    public void Netstring_of_empty_input() => Assert.Equal("0:,"u8.ToArray(), Netstring.Encode([]));

    [Fact]
    public void Netstring_of_binary_input_keeps_every_byte()
    {
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var encoded = Netstring.Encode(payload);
        Assert.Equal("256:"u8.ToArray(), encoded[..4]);
        Assert.Equal(payload, encoded[4..^1]);
        Assert.Equal((byte)',', encoded[^1]);
        Assert.Equal(encoded.Length, Netstring.GetEncodedLength(payload.Length));
    }

    [Fact]
    public void Netstring_length_counts_UTF8_bytes_not_characters() =>
        Assert.Equal("5:café,"u8.ToArray(), Netstring.Encode(Encoding.UTF8.GetBytes("café")));

    [Fact]
    public void Header_block_starts_with_CONTENT_LENGTH_then_SCGI_and_refuses_duplicates()
    {
        using var builder = new ScgiHeaderBuilder(16);
        Assert.True(builder.Add("PATH_INFO", "/x"));
        Assert.False(builder.Add("PATH_INFO", "/y"));
        Assert.False(builder.Add("SCGI", "2"));
        Assert.Throws<ArgumentException>(() => builder.Add("", "v"));
        Assert.Throws<ArgumentException>(() => builder.Add("A", "nul\0inside"));
        Assert.Equal(["CONTENT_LENGTH", "SCGI", "PATH_INFO"], builder.Names);
        Assert.Equal("37:CONTENT_LENGTH\00\0SCGI\01\0PATH_INFO\0/x\0,"u8.ToArray(), builder.Finish().ToArray());
    }

    [Fact]
    public void A_header_block_larger_than_its_first_buffer_and_than_32_names_is_whole_and_its_length_exact()
    {
        using var builder = new ScgiHeaderBuilder(1);
        var expected = new StringBuilder("CONTENT_LENGTH\00\0SCGI\01\0");
        for (var i = 0; i < 40; i++)
        {
            var name = "HTTP_X_" + i;
            var value = new string((char)('a' + (i % 26)), i * 50) + "é";
            Assert.True(builder.Add(name, value));
            expected.Append(name).Append('\0').Append(value).Append('\0');
        }

        Assert.False(builder.Add("HTTP_X_39", "again")); // the 40th name is still known
        Assert.Equal(42, builder.Names.Count);
        Assert.Equal(Netstring.Encode(Encoding.UTF8.GetBytes(expected.ToString())), builder.Finish().ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(99_990)]
    public void Numbers_are_formatted_into_the_block_in_invariant_digits(int value)
    {
        using var builder = new ScgiHeaderBuilder(8);
        Assert.True(builder.Add("N", value));
        Assert.True(builder.Add("L", 12345678901234L));
        Assert.False(builder.Add("N", 1));
        var text = Encoding.UTF8.GetString(builder.Finish().Span);
        Assert.EndsWith("\0N\0" + value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\0L\012345678901234\0,", text);
        Assert.Throws<ArgumentException>(() => builder.Add("A\0B", "v"));
    }

    [Fact]
    public void Exact_header_block_for_a_known_request()
    {
        var app = TestApps.Create();
        app.State["db_url"] = "postgres://db";
        Assert.True(RequestLineParser.TryParse("gemini://example.org/api/users/5?q=a%20b"u8, out var uri, out _));
        var connection = new ConnectionInfo(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 50000), null, SslProtocols.Tls13, "TLS_AES_256_GCM_SHA384");
        var request = new GeminiExchange(uri!, connection) { MountPrefix = "/api", PathInfo = "/users/5" }.Request;
        var options = new ScgiOptions { AppStateKeys = { "db_url" } };

        using var builder = new ScgiHeaderBuilder();
        GatewayVariables.Write(builder, request, app.State, options, request.MountPrefix, request.PathInfo);
        var bytes = builder.Finish().ToArray();

        var expected = string.Join("\0",
            "CONTENT_LENGTH", "0", "SCGI", "1",
            "GATEWAY_INTERFACE", "CGI/1.1", "SERVER_PROTOCOL", "GEMINI", "SERVER_SOFTWARE", "GenGemini/0.1.0",
            "GEMINI_URL", "gemini://example.org/api/users/5?q=a%20b", "SCRIPT_NAME", "/api", "PATH_INFO", "/users/5",
            "QUERY_STRING", "q=a%20b", "SERVER_NAME", "example.org", "SERVER_PORT", "1965",
            "REMOTE_ADDR", "192.0.2.7", "REMOTE_HOST", "192.0.2.7", "REMOTE_PORT", "50000",
            "TLS_CLIENT_HASH", "", "TLS_CLIENT_AUTHORISED", "0", "TLS_VERSION", "TLSv1.3", "TLS_CIPHER", "TLS_AES_256_GCM_SHA384",
            "GENGEMINI_DB_URL", "postgres://db") + "\0";
        var payload = Encoding.UTF8.GetBytes(expected);
        Assert.Equal(Netstring.Encode(payload), bytes);
    }

    [Fact]
    public void Inherited_environment_never_overrides_the_gateway_variables()
    {
        Environment.SetEnvironmentVariable("GENGEMINI_TEST_INHERITED", "yes");
        var app = TestApps.Create();
        Assert.True(RequestLineParser.TryParse("gemini://h/x"u8, out var uri, out _));
        var request = new GeminiExchange(uri!, ConnectionInfo.None).Request;

        using var builder = new ScgiHeaderBuilder();
        GatewayVariables.Write(builder, request, app.State, new ScgiOptions { InheritEnvironment = true }, "", "/x");
        var headers = Infrastructure.FakeScgiBackend.Parse(builder.Finish().ToArray());

        Assert.Contains(new KeyValuePair<string, string>("GENGEMINI_TEST_INHERITED", "yes"), headers);
        Assert.Single(headers, h => h.Key == "PATH_INFO");
        Assert.Equal(headers.Count, headers.Select(h => h.Key).Distinct().Count());
    }

    [Theory]
    [InlineData("h", 1, "/s", "either a host and port or a socket path, not both")]
    [InlineData(null, null, null, "a host and port or a socket path")]
    [InlineData("h", null, null, "needs both a host and a port")]
    [InlineData(null, 4000, null, "needs both a host and a port")]
    public void Endpoint_shortcut_explains_what_is_missing(string? host, int? port, string? socket, string message)
    {
        var app = TestApps.Create();
        var error = Assert.Throws<ArgumentException>(() => app.MapScgi("/api", host, port, socket));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScgiEndpoint.Tcp("h", 70000));
        Assert.Throws<ArgumentException>(() => ScgiEndpoint.Tcp(" ", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScgiHandler(ScgiEndpoint.Tcp("h", 1), new ScgiOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScgiHandler(ScgiEndpoint.Tcp("h", 1), new ScgiOptions { MaxResponseSize = -1 }));
    }
}
