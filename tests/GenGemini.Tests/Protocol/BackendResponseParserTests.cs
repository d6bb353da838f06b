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

    [Fact]
    public void Raw_gemini_header()
    {
        var (status, header) = Parse("20 text/gemini\r\n# Body");
        Assert.Equal(BackendParseStatus.Complete, status);
        Assert.Equal(StatusCode.Success, header.Status);
        Assert.Equal("text/gemini", header.Meta);
        Assert.Equal(16, header.HeaderLength);
    }

    [Fact]
    public void Raw_header_with_bare_LF_from_a_script_is_accepted()
    {
        var (status, header) = Parse("51 Not here\nignored");
        Assert.Equal(BackendParseStatus.Complete, status);
        Assert.Equal(StatusCode.NotFound, header.Status);
        Assert.Equal("Not here", header.Meta);
    }

    [Fact]
    public void CGI_form_as_uWSGI_writes_it()
    {
        var (status, header) = Parse("Status: 20 text/gemini\r\n\r\n# Hello");
        Assert.Equal(BackendParseStatus.Complete, status);
        Assert.Equal(StatusCode.Success, header.Status);
        Assert.Equal("text/gemini", header.Meta);
        Assert.Equal(26, header.HeaderLength);
    }

    [Fact]
    public void CGI_form_with_other_headers_and_content_type_as_meta()
    {
        var (status, header) = Parse("X-Powered-By: flup\r\nstatus: 20\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody");
        Assert.Equal(BackendParseStatus.Complete, status);
        Assert.Equal("text/plain; charset=utf-8", header.Meta);
    }

    [Fact]
    public void HTTP_style_status_line()
    {
        var (status, header) = Parse("HTTP/1.1 30 /elsewhere\r\n\r\n");
        Assert.Equal(BackendParseStatus.Complete, status);
        Assert.Equal(StatusCode.RedirectTemporary, header.Status);
        Assert.Equal("/elsewhere", header.Meta);
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
