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

    [Theory]
    [InlineData("10 Your name?\r\n", 10, "Your name?")]
    [InlineData("69 Expired\r\n", 60, "Expired")] // the highest code in range, folded to its class's base
    [InlineData("Status: 10 Ask\r\n\r\n", 10, "Ask")]
    [InlineData("STATUS: 30 /moved\r\n\r\n", 30, "/moved")]
    [InlineData("content-type: text/plain\r\nStatus: 20\r\n\r\n", 20, "text/plain")]
    [InlineData("Status: 51\r\n\r\n", 51, "")] // no META for a failure, and no text/gemini either
    [InlineData("20\n", 20, "text/gemini")]
    [InlineData("Content-Typo: x/y\r\nStatus: 20\r\n\r\n", 20, "text/gemini")] // twelve letters, not Content-Type
    [InlineData("Status: 20\r\nPragma: x/y\r\n\r\n", 20, "text/gemini")]
    public void Codes_at_the_edges_of_the_range_and_header_names_in_any_case_are_read(string text, int status, string meta)
    {
        var (parsed, header) = (BackendResponseParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var h), h);
        Assert.Equal(BackendParseStatus.Complete, parsed);
        Assert.Equal((status, meta), ((int)header.Status, header.Meta));
    }

    [Theory]
    [InlineData("Pragma: 20 text/gemini\r\n\r\n")]      // six letters, but not Status:
    [InlineData("Statuses: 20 text/gemini\r\n\r\n")]
    [InlineData("Content-Typo: text/gemini\r\n\r\n")]   // twelve letters, but not Content-Type: and no Status either
    [InlineData(": 20\r\n\r\n")]                          // a header without a name
    [InlineData("Status 20\r\n\r\n")]                     // no colon
    [InlineData("HTTP/1.1\r\n\r\n")]                      // a status line without a status
    [InlineData("20text/gemini\r\n")]                      // no space after the code
    [InlineData("Status: 2\r\n\r\n")]
    [InlineData("20 text/gemini\u0085\r\n")]                // a C1 control in META
    [InlineData("20 text/gemini\u007f\r\n")]
    public void Headers_that_only_look_right_are_invalid(string text) =>
        Assert.Equal(BackendParseStatus.Invalid, BackendResponseParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void A_CGI_header_block_is_read_up_to_8_KiB_and_refused_past_it()
    {
        // Header lines of 100 bytes each, then Status: the block ends exactly at the limit, or one byte past it.
        static string Block(int total)
        {
            const string Status = "Status: 20 text/gemini\r\n\r\n";
            var filler = new System.Text.StringBuilder();
            while (filler.Length + Status.Length + 100 <= total)
            {
                filler.Append("X-Pad: ").Append('p', 91).Append("\r\n");
            }

            var last = total - filler.Length - Status.Length - 10;
            filler.Append("X-Last: ").Append('q', last).Append("\r\n");
            var block = filler + Status;
            Assert.Equal(total, block.Length);
            return block;
        }

        var fits = Block(BackendResponseParser.MaxHeaderBytes);
        Assert.Equal(BackendParseStatus.Complete, BackendResponseParser.TryParse(System.Text.Encoding.ASCII.GetBytes(fits), out var header));
        Assert.Equal(BackendResponseParser.MaxHeaderBytes, header.HeaderLength);
        Assert.Equal(BackendParseStatus.Invalid, BackendResponseParser.TryParse(System.Text.Encoding.ASCII.GetBytes(Block(BackendResponseParser.MaxHeaderBytes + 200)), out _));
        // A block still coming is waited for up to the limit, and refused once past it.
        Assert.Equal(BackendParseStatus.NeedMoreData, BackendResponseParser.TryParse(System.Text.Encoding.ASCII.GetBytes("X-A: 1\r\n" + new string('b', 100)), out _));
        Assert.Equal(BackendParseStatus.Invalid, BackendResponseParser.TryParse(System.Text.Encoding.ASCII.GetBytes("X-A: 1\r\n" + new string('b', BackendResponseParser.MaxHeaderBytes)), out _));
    }
}
