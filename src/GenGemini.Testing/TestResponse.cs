using System.Text;

namespace GenGemini.Testing;

/// <summary>What a client would have received.</summary>
public sealed class TestResponse
{
    private TestResponse(StatusCode status, string meta, ReadOnlyMemory<byte> body)
    {
        Status = status;
        Meta = meta;
        Body = body;
    }

    /// <summary>The response's status (compare with <see cref="GenGemini.StatusCode"/> values, or cast to int for its two digits).</summary>
    public StatusCode Status { get; }

    /// <summary>The META: a MIME type for 2x, a prompt for 1x, a URL for 3x, an error message otherwise.</summary>
    public string Meta { get; }

    /// <summary>The body bytes (empty except for 2x).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Body.Span);

    /// <summary>
    /// The body read as gemtext, line by line (links with URL and label, headings with their
    /// level), so a test can assert <c>response.Gemtext.HasLinkTo("/about")</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The response is not <c>20 text/gemini</c>.</exception>
    public GemtextDocument Gemtext => IsSuccess && MimeType == "text/gemini"
        ? GemtextDocument.Parse(Text)
        : throw new InvalidOperationException($"The response is {this}, not 20 text/gemini.");

    /// <summary>Whether the status is 1x: the server asks for input.</summary>
    public bool IsInput => (int)Status is >= 10 and < 20;

    /// <summary>Whether the status is 2x.</summary>
    public bool IsSuccess => (int)Status is >= 20 and < 30;

    /// <summary>Whether the status is 3x.</summary>
    public bool IsRedirect => (int)Status is >= 30 and < 40;

    /// <summary>Whether the status is 4x, 5x or 6x.</summary>
    public bool IsError => (int)Status >= 40;

    /// <summary>The MIME type of a 2x response without parameters (e.g. "text/gemini"), else null.</summary>
    public string? MimeType => IsSuccess ? Meta.Split(';', 2)[0].Trim() : null;

    /// <summary>The header line, as a client reads it: "20 text/gemini".</summary>
    /// <returns>The status's two digits and the META.</returns>
    public override string ToString() => $"{(int)Status} {Meta}";

    /// <summary>What a client reads: <c>&lt;status&gt; &lt;meta&gt;\r\n</c>, then the body.</summary>
    internal static TestResponse Parse(byte[] received)
    {
        var end = received.AsSpan().IndexOf("\r\n"u8);
        if (end < 2)
        {
            throw new IOException(received.Length == 0
                ? "The server closed the connection without a response."
                : "The server's response has no header line.");
        }

        var header = Encoding.UTF8.GetString(received, 0, end);
        var status = (StatusCode)int.Parse(header.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture);
        var meta = header.Length > 3 ? header[3..] : string.Empty;
        return new TestResponse(status, meta, received[(end + 2)..]);
    }
}
