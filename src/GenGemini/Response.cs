using System.Text;
using GenGemini.Protocol;

namespace GenGemini;

/// <summary>
/// A Gemini response: a status, its META and, for 2x only, a body given as bytes or as a
/// stream that the server copies and then disposes.
/// </summary>
public sealed class Response
{
    public const string GemtextMimeType = "text/gemini";

    private static readonly Response EmptyGemtext = new(StatusCode.Success, GemtextMimeType, ReadOnlyMemory<byte>.Empty, null);

    /// <exception cref="ArgumentException">The status is not one of the 18 codes, META is invalid, or a body is given for a non-2x status.</exception>
    public Response(StatusCode status, string meta, ReadOnlyMemory<byte> body = default, Stream? bodyStream = null)
    {
        if (!GeminiStatus.IsDefined((int)status))
        {
            throw new ArgumentException($"{(int)status} is not a Gemini status code.", nameof(status));
        }

        ArgumentNullException.ThrowIfNull(meta);
        var problem = MetaValidator.Validate(meta);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(meta));
        }

        if (!GeminiStatus.IsSuccess(status) && (!body.IsEmpty || bodyStream is not null))
        {
            throw new ArgumentException("Only 2x responses have a body.", nameof(body));
        }

        Status = status;
        Meta = meta;
        Body = body;
        BodyStream = bodyStream;
    }

    public StatusCode Status { get; }

    public string Meta { get; }

    /// <summary>The body when it is held in memory.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body when it is streamed; sent after <see cref="Body"/> and disposed by the server.</summary>
    public Stream? BodyStream { get; }

    public bool IsSuccess => GeminiStatus.IsSuccess(Status);

    public override string ToString() => $"{(int)Status} {Meta}";

    /// <summary>A handler may return gemtext directly.</summary>
    public static implicit operator Response(string gemtext) => Success(gemtext);

    // 1x
    public static Response Input(string prompt) => new(StatusCode.Input, prompt);

    public static Response SensitiveInput(string prompt) => new(StatusCode.SensitiveInput, prompt);

    // 2x
    public static Response Success(string body, string mimeType = GemtextMimeType) =>
        new(StatusCode.Success, mimeType, Encoding.UTF8.GetBytes(body));

    public static Response Success(ReadOnlyMemory<byte> body, string mimeType) => new(StatusCode.Success, mimeType, body);

    public static Response Success(Stream body, string mimeType) => new(StatusCode.Success, mimeType, default, body);

    /// <summary>20 text/gemini with an empty body (what a void handler answers).</summary>
    public static Response Empty() => EmptyGemtext;

    // 3x
    public static Response Redirect(string url) => new(StatusCode.RedirectTemporary, url);

    public static Response RedirectPermanent(string url) => new(StatusCode.RedirectPermanent, url);

    // 4x
    public static Response TemporaryFailure(string message = "Temporary failure") => new(StatusCode.TemporaryFailure, message);

    public static Response ServerUnavailable(string message = "Server unavailable") => new(StatusCode.ServerUnavailable, message);

    public static Response CgiError(string message = "CGI error") => new(StatusCode.CgiError, message);

    public static Response ProxyError(string message = "Proxy error") => new(StatusCode.ProxyError, message);

    /// <summary>44: the client must wait <paramref name="seconds"/> before trying again.</summary>
    /// <summary>No answer at all: the connection is closed (an upload that came short or late).</summary>
    internal static Response Unanswered { get; } = new(StatusCode.BadRequest, "Incomplete upload");

    public static Response SlowDown(int seconds) =>
        new(StatusCode.SlowDown, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    // 5x
    public static Response PermanentFailure(string message = "Permanent failure") => new(StatusCode.PermanentFailure, message);

    public static Response NotFound(string message = "Not found") => new(StatusCode.NotFound, message);

    public static Response Gone(string message = "Gone") => new(StatusCode.Gone, message);

    public static Response ProxyRequestRefused(string message = "Proxy request refused") => new(StatusCode.ProxyRequestRefused, message);

    public static Response BadRequest(string message = "Bad request") => new(StatusCode.BadRequest, message);

    // 6x
    public static Response CertificateRequired(string message = "Client certificate required") => new(StatusCode.ClientCertificateRequired, message);

    public static Response CertificateNotAuthorised(string message = "Certificate not authorised") => new(StatusCode.CertificateNotAuthorised, message);

    public static Response CertificateNotValid(string message = "Certificate not valid") => new(StatusCode.CertificateNotValid, message);
}
