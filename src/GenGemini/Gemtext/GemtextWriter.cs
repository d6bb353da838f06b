using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace GenGemini;

/// <summary>
/// Writes gemtext as UTF-8, keeping track of the line it is on, so that a value (a visitor's
/// words, a database field) can never change what kind of line it lands in. Trusted text
/// (<see cref="WriteTrusted(string)"/>, another <see cref="Gemtext"/>) is written as it is. A value
/// (<see cref="WriteValue(string)"/>) is written by these rules:
/// <list type="bullet">
/// <item>Everywhere: a line break in the value (CR, LF, VT, FF, NEL, U+2028, U+2029) becomes a
/// space, and any other control character (C0 but tab, DEL, C1) becomes U+FFFD.</item>
/// <item>At the start of a line, or after a start that could still become a line type (<c>=</c>,
/// <c>*</c>, <c>`</c>, <c>``</c>): a value that would make the line a link (<c>=&gt;</c>), heading
/// (<c>#</c>), list item (<c>* </c>), quote (<c>&gt;</c>) or preformatted toggle (<c>```</c>) gets a
/// space in front, so the line stays text; after a lone <c>*</c>, the value's leading blanks are
/// dropped instead.</item>
/// <item>In a link line, before the label: the value is part of the URL, one token: spaces and
/// control characters are percent-encoded (<c>"/search?a b"</c> is <c>/search?a%20b</c>).</item>
/// <item>In a link's label, a heading, a list item or a quote: the value stays on its line.</item>
/// <item>Inside a preformatted block: a value at the start of a line that would close the block
/// (<c>```</c>) gets a space in front.</item>
/// </list>
/// Made by <see cref="Gemtext.Format"/> and by generated template code; use it directly to write a
/// large page into a buffer. Dispose it to return its buffer to the pool.
/// </summary>
public ref struct GemtextWriter
{
    private const int FlushThreshold = 16 * 1024;

    // What a value may not contain as it is: line breaks and the other controls.
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"
        + "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F\u2028\u2029");

    // What a URL token may not contain as it is: the above, and the blanks that end a token.
    private static readonly SearchValues<char> UrlUnsafe = SearchValues.Create(
        " \t\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"
        + "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F\u2028\u2029");

    private static readonly SearchValues<char> HtmlSpecial = SearchValues.Create("&<>\"'");

    private readonly IBufferWriter<byte>? _output;
    private readonly bool _html;
    private byte[] _buffer;
    private int _position;

    // The line being written: its first bytes (up to three), how many bytes it has so far (up to
    // three counted), what it is once decided, where a link line is, and whether it is inside a
    // preformatted block.
    private int _head;
    private int _headLength;
    private LineKind _kind;
    private LinkPart _linkPart;
    private bool _preformatted;

    /// <summary>A writer into a pooled buffer of at least <paramref name="sizeHint"/> bytes; take the page with <see cref="ToGemtext"/>.</summary>
    public GemtextWriter(int sizeHint)
        : this(sizeHint, null, TemplateEscaping.Gemtext)
    {
    }

    /// <summary>A writer that writes into <paramref name="output"/> (call <see cref="Flush"/> at the end).</summary>
    public GemtextWriter(IBufferWriter<byte> output)
        : this(4096, output ?? throw new ArgumentNullException(nameof(output)), TemplateEscaping.Gemtext)
    {
    }

    /// <summary>A writer with the given escaping for values (generated template code uses this).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GemtextWriter(int sizeHint, IBufferWriter<byte>? output, TemplateEscaping escaping)
    {
        _output = output;
        _html = escaping == TemplateEscaping.Html;
        _buffer = RentBuffer(Math.Clamp(sizeHint, 256, 1 << 20));
        _position = 0;
        _head = 0;
        _headLength = 0;
        _kind = LineKind.Undecided;
        _linkPart = LinkPart.BeforeUrl;
        _preformatted = false;
    }

    private enum LineKind : byte
    {
        Undecided,
        Text,
        Link,
        Marked, // heading, list item, quote: the rest of the line is text
        Toggle,
    }

    private enum LinkPart : byte
    {
        BeforeUrl,
        Url,
        Label,
    }

    /// <summary>Writes trusted text as it is.</summary>
    public void WriteTrusted(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            WriteTrusted(text.AsSpan());
        }
    }

    /// <summary>Writes trusted text as it is.</summary>
    public void WriteTrusted(scoped ReadOnlySpan<char> text)
    {
        var start = _position;
        Encode(text);
        Track(start);
    }

    /// <summary>Writes trusted UTF-8 as it is (a template's literal text).</summary>
    public void WriteTrusted(scoped ReadOnlySpan<byte> utf8)
    {
        var start = _position;
        if (utf8.Length > _buffer.Length - start)
        {
            Ensure(utf8.Length);
        }

        utf8.CopyTo(_buffer.AsSpan(start));
        _position = start + utf8.Length;
        Track(start);
    }

    /// <summary>True when the line's type is known and writing more of it changes nothing to follow.</summary>
    private readonly bool LineDecided => _kind is LineKind.Text or LineKind.Marked or LineKind.Toggle || (_kind == LineKind.Link && _linkPart == LinkPart.Label);

    /// <summary>Writes other gemtext as it is.</summary>
    public void WriteTrusted(Gemtext gemtext) => WriteTrusted(gemtext.Utf8.Span);

    /// <summary>Writes a value by the rules of the place it lands in (see <see cref="GemtextWriter"/>).</summary>
    public void WriteValue(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            WriteValue(value.AsSpan());
        }
    }

    /// <summary>Writes other gemtext as it is (a trusted hole).</summary>
    public void WriteValue(Gemtext value) => WriteTrusted(value.Utf8.Span);

    /// <summary>Writes a value by the rules of the place it lands in (see <see cref="GemtextWriter"/>).</summary>
    public void WriteValue(scoped ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        if (!_html && LineDecided && !value.ContainsAny(Unsafe) && _output is null)
        {
            // The common case: text on a line whose type is known, with nothing to replace.
            Encode(value);
            return;
        }

        if (_html)
        {
            WriteHtml(value);
            return;
        }

        if (!_preformatted && _kind == LineKind.Link && _linkPart != LinkPart.Label)
        {
            WriteUrlToken(value);
            return;
        }

        char[]? rented = null;
        if (value.ContainsAny(Unsafe))
        {
            rented = ArrayPool<char>.Shared.Rent(value.Length);
            var clean = rented.AsSpan(0, value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                clean[i] = c switch
                {
                    '\t' => '\t',
                    '\n' or '\r' or '\v' or '\f' or '\u0085' or '\u2028' or '\u2029' => ' ',
                    < ' ' or '\u007F' or (>= '\u0080' and <= '\u009F') => '\uFFFD',
                    _ => c,
                };
            }

            value = clean;
        }

        if (_kind == LineKind.Undecided)
        {
            value = Neutralise(value, out var space);
            if (space)
            {
                WriteAscii((byte)' ');
            }
        }

        var start = _position;
        Encode(value);
        Track(start);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Writes a value of any type: a string or <see cref="Gemtext"/> as those overloads do, a
    /// number or date formatted with the invariant culture, anything else by its ToString(); null
    /// writes nothing.
    /// </summary>
    public void WriteFormatted<T>(T value, string? format = null)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                WriteValue(s);
                return;
            case Gemtext g:
                WriteTrusted(g);
                return;
            case int number when format is null && LineDecided && _output is null && !_html:
                Ensure(11);
                number.TryFormat(_buffer.AsSpan(_position), out var digits, default, CultureInfo.InvariantCulture);
                _position += digits;
                return;
            case ISpanFormattable formattable:
                Span<char> chars = stackalloc char[128];
                if (formattable.TryFormat(chars, out var written, format, CultureInfo.InvariantCulture))
                {
                    WriteValue(chars[..written]);
                    return;
                }

                WriteValue(formattable.ToString(format, CultureInfo.InvariantCulture));
                return;
            case IFormattable f:
                WriteValue(f.ToString(format, CultureInfo.InvariantCulture));
                return;
            default:
                WriteValue(value.ToString());
                return;
        }
    }

    /// <summary>Writes a value of any type as trusted text (a template's <c>{{{name}}}</c>).</summary>
    public void WriteRaw<T>(T value)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                WriteTrusted(s);
                return;
            case Gemtext g:
                WriteTrusted(g);
                return;
            case IFormattable f:
                WriteTrusted(f.ToString(null, CultureInfo.InvariantCulture));
                return;
            default:
                WriteTrusted(value.ToString());
                return;
        }
    }

    /// <summary>The page written so far, copied into an array of its exact size.</summary>
    public readonly Gemtext ToGemtext() => Gemtext.Raw(_buffer.AsSpan(0, _position).ToArray());

    /// <summary>Writes what is buffered into the output given to the constructor.</summary>
    public void Flush()
    {
        if (_output is not null && _position > 0)
        {
            _output.Write(_buffer.AsSpan(0, _position));
            _position = 0;
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        ReturnBuffer(buffer);
    }

    // One buffer kept per thread: a page is written and taken on one thread, and renting from the
    // shared pool costs more than writing a short page.
    [ThreadStatic]
    private static byte[]? t_cached;

    private static byte[] RentBuffer(int size)
    {
        var cached = t_cached;
        if (cached is not null && cached.Length >= size)
        {
            t_cached = null;
            return cached;
        }

        return ArrayPool<byte>.Shared.Rent(size);
    }

    private static void ReturnBuffer(byte[] buffer)
    {
        if (buffer.Length == 0)
        {
            return;
        }

        if (buffer.Length <= 64 * 1024 && (t_cached is null || t_cached.Length < buffer.Length))
        {
            t_cached = buffer;
            return;
        }

        ArrayPool<byte>.Shared.Return(buffer);
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

    /// <summary>
    /// Whether the value, written now, would make an undecided line a link, heading, list item,
    /// quote or toggle; if so, a space goes first (or, after a lone '*', its leading blanks go).
    /// </summary>
    private readonly ReadOnlySpan<char> Neutralise(ReadOnlySpan<char> value, out bool space)
    {
        space = false;
        if (_headLength == 1 && (byte)_head == '*' && !_preformatted)
        {
            // "* " makes a list item: a space in front would too, so drop the blanks instead.
            return value.TrimStart(" \t");
        }

        var head = _head;
        var length = _headLength;
        foreach (var c in value)
        {
            if (c > 0x7F || length == 3)
            {
                break;
            }

            head |= c << (8 * length);
            length++;
            var kind = Decide(head, length, _preformatted);
            if (kind == LineKind.Text)
            {
                return value;
            }

            if (kind != LineKind.Undecided)
            {
                space = true;
                return value;
            }
        }

        // Still undecided when the value ends ("=" at the start of a line): what follows could
        // finish a marker, so the value is not allowed to begin one.
        space = length > _headLength && Decide(head, length, _preformatted) == LineKind.Undecided;
        return value;
    }

    private static LineKind Decide(int head, int length, bool preformatted)
    {
        var c0 = (byte)head;
        var c1 = length > 1 ? (byte)(head >> 8) : (byte)0;
        var c2 = length > 2 ? (byte)(head >> 16) : (byte)0;
        if (c0 == '`')
        {
            return length < 2 || c1 == '`' && (length < 3 || c2 == '`')
                ? (length == 3 ? LineKind.Toggle : LineKind.Undecided)
                : LineKind.Text;
        }

        if (preformatted)
        {
            return LineKind.Text;
        }

        return c0 switch
        {
            (byte)'#' or (byte)'>' => LineKind.Marked,
            (byte)'=' => length < 2 ? LineKind.Undecided : c1 == '>' ? LineKind.Link : LineKind.Text,
            (byte)'*' => length < 2 ? LineKind.Undecided : c1 == ' ' ? LineKind.Marked : LineKind.Text,
            _ => LineKind.Text,
        };
    }

    /// <summary>Follows the bytes written from <paramref name="start"/>: line ends, line types, the parts of a link line.</summary>
    private void Track(int start)
    {
        var written = _buffer.AsSpan(start, _position - start);
        var last = written.LastIndexOf((byte)'\n');
        if (last < 0)
        {
            if (!LineDecided)
            {
                TrackLine(written);
            }
        }
        else if (_kind != LineKind.Toggle && (_headLength == 0 || (byte)_head != '`') && written[..last].IndexOf((byte)'`') < 0)
        {
            // No line that ends here can be a toggle (no backtick): start afresh after the last break.
            NewLine();
            TrackLine(written[(last + 1)..]);
        }
        else
        {
            while (true)
            {
                var newline = written.IndexOf((byte)'\n');
                var line = newline < 0 ? written : written[..newline];
                if (!LineDecided)
                {
                    TrackLine(line);
                }

                if (newline < 0)
                {
                    break;
                }

                if (_kind == LineKind.Toggle)
                {
                    _preformatted = !_preformatted;
                }

                NewLine();
                written = written[(newline + 1)..];
            }
        }

        if (_output is not null && _position >= FlushThreshold)
        {
            Flush();
        }
    }

    private void NewLine()
    {
        _head = 0;
        _headLength = 0;
        _kind = LineKind.Undecided;
        _linkPart = LinkPart.BeforeUrl;
    }

    private void TrackLine(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (_kind == LineKind.Undecided)
            {
                _head |= b << (8 * _headLength);
                _headLength++;
                _kind = Decide(_head, _headLength, _preformatted);
                if (_kind == LineKind.Undecided && _headLength == 3)
                {
                    _kind = LineKind.Text;
                }

                continue;
            }

            if (_kind != LineKind.Link)
            {
                return;
            }

            var blank = b is (byte)' ' or (byte)'\t';
            if (_linkPart == LinkPart.BeforeUrl && !blank && b != '>')
            {
                _linkPart = LinkPart.Url;
            }
            else if (_linkPart == LinkPart.Url && blank)
            {
                _linkPart = LinkPart.Label;
                return;
            }
        }
    }

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

        Track(start);
    }

    private void WriteAscii(byte b)
    {
        Ensure(1);
        var start = _position;
        _buffer[_position++] = b;
        Track(start);
    }

    private void Encode(scoped ReadOnlySpan<char> text)
    {
        Ensure((text.Length * 3) + 3);
        System.Text.Unicode.Utf8.FromUtf16(text, _buffer.AsSpan(_position), out _, out var written);
        _position += written;
    }

    private void Ensure(int more)
    {
        if (_buffer.Length - _position >= more)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + more));
        _buffer.AsSpan(0, _position).CopyTo(bigger);
        ReturnBuffer(_buffer);

        _buffer = bigger;
    }
}
