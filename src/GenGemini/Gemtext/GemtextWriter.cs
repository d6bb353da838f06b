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
/// dropped instead (so there a value of blanks only writes nothing, as an empty value would: a
/// value can make a line only what the trusted text around it makes with an empty or a plain
/// value).</item>
/// <item>In a link line, before the label: the value is part of the URL, one token: spaces and
/// control characters are percent-encoded (<c>"/search?a b"</c> is <c>/search?a%20b</c>).</item>
/// <item>In a link's label, a heading, a list item or a quote: the value stays on its line.</item>
/// <item>Inside a preformatted block: a value at the start of a line that would close the block
/// (<c>```</c>) gets a space in front.</item>
/// </list>
/// Made by <see cref="Gemtext.Format"/> and by generated template code; use it directly to write a
/// large page into a buffer. Dispose it to return its buffer to the pool.
/// </summary>
public ref partial struct GemtextWriter
{
    private const int FlushThreshold = 16 * 1024;

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
        Ensure(utf8.Length);
        var start = _position;
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
        // An empty value needs no case of its own: by the rules below it writes and decides nothing.

        // Stryker disable once Equality : with an output too, this path would write the same bytes (it only skips the check for flushing, which the next write makes)
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
        // Stryker disable once Statement,Block : an array not given back to the pool is left to the collector; the page is the same
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
        if (cached is null)
        {
            return ArrayPool<byte>.Shared.Rent(size);
        }

        // Stryker disable once all : a buffer too small for the hint writes the same page (Ensure grows it), and renting instead of reusing too
        if (cached.Length < size)
        {
            return ArrayPool<byte>.Shared.Rent(size);
        }

        t_cached = null;
        return cached;
    }

    private static void ReturnBuffer(byte[] buffer)
    {
        // Stryker disable once all : the empty array a disposed writer holds; the pool and the thread's slot ignore it either way
        if (buffer.Length == 0)
        {
            return;
        }

        // Stryker disable once all : which buffer the thread keeps changes no page, only what the next page rents
        var keep = buffer.Length <= 64 * 1024 && (t_cached?.Length ?? 0) < buffer.Length;
        if (keep)
        {
            t_cached = buffer;
            return;
        }

        ArrayPool<byte>.Shared.Return(buffer);
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
        // Stryker disable once Statement,Block : growing when there is room already writes the same page
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
