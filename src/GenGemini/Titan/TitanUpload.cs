namespace GenGemini;

/// <summary>
/// A complete Titan upload: the handler is called only once all <see cref="Size"/> bytes arrived
/// within the request time-out. <see cref="Size"/> 0 is a delete request.
/// </summary>
public sealed class TitanUpload
{
    private readonly byte[] _content;

    internal TitanUpload(long size, string mimeType, string? token, byte[] content)
    {
        Size = size;
        MimeType = mimeType;
        Token = token;
        _content = content;
    }

    /// <summary>The upload's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The upload's type: its <c>mime</c> parameter, text/gemini when none was given.</summary>
    public string MimeType { get; }

    /// <summary>The <c>token</c> parameter, percent-decoded, or null.</summary>
    public string? Token { get; }

    /// <summary>Whether this is a delete (<c>size=0</c>).</summary>
    public bool IsDelete => Size == 0;

    /// <summary>Exactly <see cref="Size"/> bytes.</summary>
    public Stream Body => new MemoryStream(_content, writable: false);

    /// <summary>The bytes as text (UTF-8).</summary>
    public string ReadAsText() => System.Text.Encoding.UTF8.GetString(_content);
}
