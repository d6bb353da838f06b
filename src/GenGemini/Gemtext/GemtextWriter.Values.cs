using System.Buffers;
using System.ComponentModel;

namespace GenGemini;

/// <content>Writing values where the plain rule is not enough: a link's URL token, HTML escaping; the character sets they use.</content>
public ref partial struct GemtextWriter
{
    // What a value may not contain as it is: line breaks and the other controls.
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"
        + "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F\u2028\u2029");

    // What a URL token may not contain as it is: the above, and the blanks that end a token.
    private static readonly SearchValues<char> UrlUnsafe = SearchValues.Create(
        " \t\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"
        + "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F\u2028\u2029");

    private static readonly SearchValues<char> HtmlSpecial = SearchValues.Create("&<>\"'");

    private void WriteUrlToken(scoped ReadOnlySpan<char> value)
    {
        var start = _position;
        if (!value.ContainsAny(UrlUnsafe))
        {
            Encode(value);
            Track(start);
            return;
        }

        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            var encode = c <= ' ' || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c is 0x2028 or 0x2029;
            var length = rune.EncodeToUtf8(utf8);
            if (!encode)
            {
                Ensure(length);
                utf8[..length].CopyTo(_buffer.AsSpan(_position));
                _position += length;
                continue;
            }

            Ensure(length * 3);
            for (var i = 0; i < length; i++)
            {
                _buffer[_position++] = (byte)'%';
                _buffer[_position++] = (byte)"0123456789ABCDEF"[utf8[i] >> 4];
                _buffer[_position++] = (byte)"0123456789ABCDEF"[utf8[i] & 0xF];
            }
        }

        Track(start);
    }

    private void WriteHtml(scoped ReadOnlySpan<char> value)
    {
        var start = _position;
        while (!value.IsEmpty)
        {
            var i = value.IndexOfAny(HtmlSpecial);
            if (i < 0)
            {
                Encode(value);
                break;
            }

            Encode(value[..i]);
            Encode(value[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            value = value[(i + 1)..];
        }

        // Stryker disable once Statement : in HTML nothing reads the line's state; the check for flushing runs again with the next write
        Track(start);
    }

    /// <summary>True when <paramref name="items"/> is null or has no item (a template's inverted section over a list).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static bool IsEmpty<TItem>(IEnumerable<TItem>? items)
    {
        switch (items)
        {
            case null:
                return true;
            case ICollection<TItem> collection:
                return collection.Count == 0;
            case IReadOnlyCollection<TItem> readOnly:
                return readOnly.Count == 0;
            default:
                using (var e = items.GetEnumerator())
                {
                    return !e.MoveNext();
                }
        }
    }
}
