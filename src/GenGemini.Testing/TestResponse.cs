using System.Text;

namespace GenGemini.Testing;

/// <summary>What a client would have received.</summary>
public sealed class TestResponse
{
    private TestResponse(StatusCode status, string meta, byte[] body)
    {
        Status = status;
        Meta = meta;
        Body = body;
    }

    public StatusCode Status { get; }

    public int StatusCode => (int)Status;

    public string Meta { get; }

    public byte[] Body { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    public bool IsInput => StatusCode is >= 10 and < 20;

    public bool IsSuccess => StatusCode is >= 20 and < 30;

    public bool IsRedirect => StatusCode is >= 30 and < 40;

    public bool IsError => StatusCode >= 40;

    /// <summary>The MIME type of a 2x response without parameters (e.g. "text/gemini"), else null.</summary>
    public string? MimeType => IsSuccess ? Meta.Split(';', 2)[0].Trim() : null;

    public override string ToString() => $"{StatusCode} {Meta}";

    internal static async Task<TestResponse> ReadAsync(Response response, CancellationToken cancellationToken)
    {
        var body = response.Body.ToArray();
        if (response.BodyStream is { } stream)
        {
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                buffer.Write(body);
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                body = buffer.ToArray();
            }
        }

        return new TestResponse(response.Status, response.Meta, body);
    }
}
