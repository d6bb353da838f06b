using System.Text;
using System.Text.Unicode;

namespace GenGemini.Protocol;

/// <summary>
/// Parses what an SCGI backend or CGI script writes before the body, in either form seen in the
/// wild: the raw Gemini header (<c>20 text/gemini\r\n</c>) or the CGI form that WSGI servers
/// such as uWSGI and flup write (<c>Status: 20 text/gemini\r\n</c>, other headers, blank line).
/// Bodies are never decoded.
/// </summary>
internal static class BackendResponseParser
{
    /// <summary>Largest header section accepted (the CGI form may carry extra headers).</summary>
    public const int MaxHeaderBytes = 8192;

    public static BackendParseStatus TryParse(ReadOnlySpan<byte> buffer, out BackendResponseHeader header)
    {
        header = default;
        var lineEnd = buffer.IndexOf((byte)'\n');
        if (lineEnd < 0)
        {
            return buffer.Length > MaxHeaderBytes ? BackendParseStatus.Invalid : BackendParseStatus.NeedMoreData;
        }

        var firstLine = TrimCr(buffer[..lineEnd]);
        if (firstLine.Length >= 2 && IsDigit(firstLine[0]) && IsDigit(firstLine[1]))
        {
            return ParseStatusLine(firstLine, lineEnd + 1, out header) ? BackendParseStatus.Complete : BackendParseStatus.Invalid;
        }

        if (StartsWithIgnoreCase(firstLine, "HTTP/"u8))
        {
            // "HTTP/1.1 20 text/gemini": skip the version, then read the rest like a CGI header block.
            var space = firstLine.IndexOf((byte)' ');
            return space < 0 ? BackendParseStatus.Invalid : ParseCgiHeaders(buffer, firstLine[(space + 1)..], lineEnd + 1, out header);
        }

        return ParseCgiHeaders(buffer, default, 0, out header);
    }

    /// <summary>The CGI form: header lines up to an empty line; Status: gives code and meta, Content-Type may give meta.</summary>
    private static BackendParseStatus ParseCgiHeaders(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> statusFromHttpLine, int start, out BackendResponseHeader header)
    {
        header = default;
        var status = statusFromHttpLine;
        ReadOnlySpan<byte> contentType = default;
        var position = start;
        while (true)
        {
            var rest = buffer[position..];
            var lineEnd = rest.IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                return buffer.Length > MaxHeaderBytes ? BackendParseStatus.Invalid : BackendParseStatus.NeedMoreData;
            }

            if (position + lineEnd > MaxHeaderBytes)
            {
                return BackendParseStatus.Invalid;
            }

            var line = TrimCr(rest[..lineEnd]);
            position += lineEnd + 1;
            if (line.IsEmpty)
            {
                break;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return BackendParseStatus.Invalid;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].TrimStart((byte)' ');
            if (name.Length == 6 && StartsWithIgnoreCase(name, "Status"u8))
            {
                status = value;
            }
            else if (name.Length == 12 && StartsWithIgnoreCase(name, "Content-Type"u8))
            {
                contentType = value;
            }
        }

        if (status.IsEmpty)
        {
            return BackendParseStatus.Invalid;
        }

        return ParseStatusLine(status, position, out header, contentType) ? BackendParseStatus.Complete : BackendParseStatus.Invalid;
    }

    /// <summary>"NN META". A 2x without META takes <paramref name="contentType"/> (CGI form), else text/gemini.</summary>
    private static bool ParseStatusLine(ReadOnlySpan<byte> line, int headerLength, out BackendResponseHeader header, ReadOnlySpan<byte> contentType = default)
    {
        header = default;
        if (line.Length < 2 || !IsDigit(line[0]) || !IsDigit(line[1]) || (line.Length > 2 && line[2] != (byte)' '))
        {
            return false;
        }

        var code = ((line[0] - '0') * 10) + (line[1] - '0');
        if (code is < 10 or > 69)
        {
            return false;
        }

        var status = GeminiStatus.Normalize(code);
        var metaBytes = line.Length > 3 ? line[3..] : default;
        if (metaBytes.IsEmpty && GeminiStatus.IsSuccess(status))
        {
            metaBytes = contentType;
        }

        if (!TryMeta(metaBytes, out var meta))
        {
            return false;
        }

        if (meta.Length == 0 && GeminiStatus.IsSuccess(status))
        {
            meta = "text/gemini";
        }

        header = new BackendResponseHeader(status, meta, headerLength);
        return true;
    }

    private static bool TryMeta(ReadOnlySpan<byte> bytes, out string meta)
    {
        meta = string.Empty;
        if (bytes.Length > GeminiStatus.MaxMetaBytes || !Utf8.IsValid(bytes))
        {
            return false;
        }

        foreach (var b in bytes)
        {
            if (b < 0x20 || b == 0x7F)
            {
                return false;
            }
        }

        meta = Encoding.UTF8.GetString(bytes);
        return !ControlCharacters.Any(meta); // C1 controls come as two UTF-8 bytes
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix)
    {
        if (text.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if ((text[i] | 0x20) != (prefix[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }
}
