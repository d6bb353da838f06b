using System.Text;
using GenGemini.Protocol;

namespace GenGemini.Tests.Protocol;

public class BackendResponseParserTests
{
    private static (BackendParseStatus Status, BackendResponseHeader Header) Parse(string text)
    {
        var status = BackendResponseParser.TryParse(Encoding.UTF8.GetBytes(text), out var header);
        return (status, header);
    }

    /// <summary>Every form a backend may answer in, read to the same header; -1: the header length is not the point.</summary>
    [Theory]
    [InlineData("20 text/gemini\r\n# Body", 20, "text/gemini", 16)] // raw Gemini
    [InlineData("51 Not here\nignored", 51, "Not here", -1)] // raw, with the bare LF a script may write
    [InlineData("Status: 20 text/gemini\r\n\r\n# Hello", 20, "text/gemini", 26)] // CGI form, as uWSGI writes it
    [InlineData("X-Powered-By: flup\r\nstatus: 20\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody", 20, "text/plain; charset=utf-8", -1)] // CGI form, Content-Type as META
    [InlineData("HTTP/1.1 30 /elsewhere\r\n\r\n", 30, "/elsewhere", -1)] // HTTP-style status line
    public void Each_backend_header_form_is_read(string text, int expectedStatus, string expectedMeta, int expectedLength)
    {
        var (status, header) = Parse(text);
        Assert.Equal(BackendParseStatus.Complete, status);
        Assert.Equal((StatusCode)expectedStatus, header.Status);
        Assert.Equal(expectedMeta, header.Meta);
        if (expectedLength >= 0)
        {
            Assert.Equal(expectedLength, header.HeaderLength);
        }
    }

    [Fact]
    public void Empty_success_meta_means_gemtext() => Assert.Equal("text/gemini", Parse("20\r\n").Header.Meta);

    [Fact]
    public void Undefined_codes_in_range_fold_to_their_class() =>
        Assert.Equal(StatusCode.TemporaryFailure, Parse("49 odd\r\n").Header.Status);

    [Theory]
    [InlineData("20 text/gemini")]
    [InlineData("Status: 20 text/gemini\r\n")]
    [InlineData("2")]
    public void Incomplete_headers_need_more(string text) => Assert.Equal(BackendParseStatus.NeedMoreData, Parse(text).Status);

    [Theory]
    [InlineData("200 OK\r\n")]
    [InlineData("09 low\r\n")]
    [InlineData("70 high\r\n")]
    [InlineData("2x text\r\n")]
    [InlineData("HELLO THIS IS NOT GEMINI\r\n")]
    [InlineData("Content-Type: text/gemini\r\n\r\n")]
    [InlineData("20 text/\u0001gemini\r\n")]
    [InlineData("Status: 999\r\n\r\n")]
    public void Invalid_headers(string text) => Assert.Equal(BackendParseStatus.Invalid, Parse(text).Status);

    [Fact]
    public void Meta_over_1024_bytes_is_invalid()
    {
        Assert.Equal(BackendParseStatus.Complete, Parse("20 " + new string('m', 1024) + "\r\n").Status);
        Assert.Equal(BackendParseStatus.Invalid, Parse("20 " + new string('m', 1025) + "\r\n").Status);
    }

    [Fact]
    public void Endless_header_is_invalid_once_over_the_limit() =>
        Assert.Equal(BackendParseStatus.Invalid, Parse(new string('a', BackendResponseParser.MaxHeaderBytes + 1)).Status);

    [Fact]
    public void Invalid_UTF8_meta_is_invalid()
    {
        var bytes = "20 text/"u8.ToArray().Concat(new byte[] { 0xFF, 0x0D, 0x0A }).ToArray();
        Assert.Equal(BackendParseStatus.Invalid, BackendResponseParser.TryParse(bytes, out _));
    }
}
