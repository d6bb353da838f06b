using System.ComponentModel;
using System.Text;
using GenGemini.Protocol;

namespace GenGemini;

/// <summary>
/// A Gemini response: a status, its META and, for 2x only, a body given as bytes or as a
/// stream that the server copies and then disposes.
/// </summary>
public sealed class Response
{
    /// <summary><c>text/gemini</c>: the MIME type of gemtext.</summary>
    public const string GemtextMimeType = "text/gemini";

    private static readonly Response EmptyGemtext = new(StatusCode.Success, GemtextMimeType, ReadOnlyMemory<byte>.Empty, null);

    /// <remarks>
    /// META may not hold a control character (C0, DEL or C1) or exceed 1024 bytes. The factories
    /// that take a message or prompt (<see cref="NotFound"/>, <see cref="Input"/>...) replace
    /// controls with U+FFFD and cut to length, since such text often carries a visitor's words.
    /// </remarks>
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

    /// <summary>The status.</summary>
    public StatusCode Status { get; }

    /// <summary>The META: a MIME type for 2x, a prompt for 1x, a URL for 3x, a message otherwise.</summary>
    public string Meta { get; }

    /// <summary>The body when it is held in memory.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body when it is streamed; sent after <see cref="Body"/> and disposed by the server.</summary>
    public Stream? BodyStream { get; }

    /// <summary>Whether the status is 2x.</summary>
    public bool IsSuccess => GeminiStatus.IsSuccess(Status);

    /// <summary>The header line, as a client reads it: "20 text/gemini".</summary>
    public override string ToString() => $"{(int)Status} {Meta}";

    /// <summary>
    /// True for gemtext whose META may still get <c>; lang=</c>: the app adds the host's or the
    /// options' <see cref="GeminiOptions.Language"/> when one is set.
    /// </summary>
    internal bool TakesLanguage { get; private init; }

    /// <summary>A handler may return gemtext directly.</summary>
    public static implicit operator Response(string gemtext) => Success(gemtext);

    /// <summary>A handler may return <see cref="Gemtext"/> directly: <c>20 text/gemini</c>.</summary>
    public static implicit operator Response(Gemtext gemtext) => Success(gemtext);

    // 1x
    /// <summary><c>10</c>: asks for a line of input with <paramref name="prompt"/>.</summary>
    public static Response Input(string prompt) => new(StatusCode.Input, MetaValidator.Sanitize(prompt));

    /// <summary><c>11</c>: asks for input that the client should not echo (a password).</summary>
    public static Response SensitiveInput(string prompt) => new(StatusCode.SensitiveInput, MetaValidator.Sanitize(prompt));

    // 2x
    /// <summary>
    /// <c>20</c> with a gemtext body (UTF-8); <c>; lang=</c> is added when the host or the options
    /// set a <see cref="GeminiOptions.Language"/>.
    /// </summary>
    public static Response Success(string body) =>
        new(StatusCode.Success, GemtextMimeType, Encoding.UTF8.GetBytes(body)) { TakesLanguage = true };

    /// <summary>
    /// <c>20 text/gemini</c> with <paramref name="body"/>; <c>; lang=</c> is added when the host or
    /// the options set a <see cref="GeminiOptions.Language"/>.
    /// </summary>
    public static Response Success(Gemtext body) => new(StatusCode.Success, GemtextMimeType, body.Utf8) { TakesLanguage = true };

    /// <summary><c>20 text/gemini; lang=</c><paramref name="language"/> (a BCP 47 tag, or several separated by commas) with <paramref name="body"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="language"/> is not a language tag.</exception>
    public static Response Success(Gemtext body, string language) => new(StatusCode.Success, GemtextMimeType + "; lang=" + LanguageTags.Check(language), body.Utf8);

    /// <summary>The same response with <c>; lang=</c><paramref name="language"/> when it takes one (see <see cref="TakesLanguage"/>).</summary>
    internal Response WithLanguage(string language) =>
        TakesLanguage ? new(StatusCode.Success, GemtextMimeType + "; lang=" + language, Body, BodyStream) : this;

    /// <summary><c>20</c> with a text body (UTF-8) of MIME type <paramref name="mimeType"/>.</summary>
    public static Response Success(string body, string mimeType) =>
        new(StatusCode.Success, mimeType, Encoding.UTF8.GetBytes(body));

    /// <summary><c>20</c> with a body of bytes.</summary>
    public static Response Success(ReadOnlyMemory<byte> body, string mimeType) => new(StatusCode.Success, mimeType, body);

    /// <summary><c>20</c> with a body read from <paramref name="body"/> as it is written (disposed afterwards).</summary>
    public static Response Success(Stream body, string mimeType) => new(StatusCode.Success, mimeType, default, body);

    /// <summary>20 text/gemini with an empty body (what a void handler answers).</summary>
    public static Response Empty() => EmptyGemtext;

    // 3x
    /// <summary><c>30</c>: a temporary redirect to <paramref name="url"/>.</summary>
    public static Response RedirectTemporary(string url) => new(StatusCode.RedirectTemporary, url);

    /// <summary>The same as <see cref="RedirectTemporary"/> (its 0.1 name; each factory is now named as its <see cref="StatusCode"/>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Response Redirect(string url) => RedirectTemporary(url);

    /// <summary><c>31</c>: a permanent redirect to <paramref name="url"/>.</summary>
    public static Response RedirectPermanent(string url) => new(StatusCode.RedirectPermanent, url);

    // 4x
    /// <summary><c>40</c>: a temporary failure.</summary>
    public static Response TemporaryFailure(string message = "Temporary failure") => new(StatusCode.TemporaryFailure, MetaValidator.Sanitize(message));

    /// <summary><c>41</c>: the server is unavailable (overloaded, or in maintenance).</summary>
    public static Response ServerUnavailable(string message = "Server unavailable") => new(StatusCode.ServerUnavailable, MetaValidator.Sanitize(message));

    /// <summary><c>42</c>: a CGI script failed.</summary>
    public static Response CgiError(string message = "CGI error") => new(StatusCode.CgiError, MetaValidator.Sanitize(message));

    /// <summary><c>43</c>: a proxied backend failed.</summary>
    public static Response ProxyError(string message = "Proxy error") => new(StatusCode.ProxyError, MetaValidator.Sanitize(message));

    /// <summary><c>44</c>: the client must wait <paramref name="seconds"/> before asking again.</summary>
    public static Response SlowDown(int seconds) =>
        new(StatusCode.SlowDown, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    // 5x
    /// <summary><c>50</c>: a permanent failure.</summary>
    public static Response PermanentFailure(string message = "Permanent failure") => new(StatusCode.PermanentFailure, MetaValidator.Sanitize(message));

    /// <summary><c>51</c>: nothing here.</summary>
    public static Response NotFound(string message = "Not found") => new(StatusCode.NotFound, MetaValidator.Sanitize(message));

    /// <summary><c>52</c>: it was here, and is gone for good.</summary>
    public static Response Gone(string message = "Gone") => new(StatusCode.Gone, MetaValidator.Sanitize(message));

    /// <summary><c>53</c>: this server does not serve that host or port.</summary>
    public static Response ProxyRequestRefused(string message = "Proxy request refused") => new(StatusCode.ProxyRequestRefused, MetaValidator.Sanitize(message));

    /// <summary><c>59</c>: the request is malformed.</summary>
    public static Response BadRequest(string message = "Bad request") => new(StatusCode.BadRequest, MetaValidator.Sanitize(message));

    // 6x
    /// <summary><c>60</c>: a client certificate is required.</summary>
    public static Response ClientCertificateRequired(string message = "Client certificate required") => new(StatusCode.ClientCertificateRequired, MetaValidator.Sanitize(message));

    /// <summary>The same as <see cref="ClientCertificateRequired"/> (its 0.1 name; each factory is now named as its <see cref="StatusCode"/>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Response CertificateRequired(string message = "Client certificate required") => ClientCertificateRequired(message);

    /// <summary><c>61</c>: the certificate presented is not allowed here.</summary>
    public static Response CertificateNotAuthorised(string message = "Certificate not authorised") => new(StatusCode.CertificateNotAuthorised, MetaValidator.Sanitize(message));

    /// <summary><c>62</c>: the certificate presented is not valid (expired, or not yet valid).</summary>
    public static Response CertificateNotValid(string message = "Certificate not valid") => new(StatusCode.CertificateNotValid, MetaValidator.Sanitize(message));
}
