
namespace GenGemini;

/// <content>Following the line being written: its type, the parts of a link line, preformatted blocks; and keeping a value from changing the type.</content>
public ref partial struct GemtextWriter
{
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
            // Only ASCII can make a marker; and Decide settles every line by its third byte, so the
            // loop ends before the head would need a fourth.
            if (c > 0x7F)
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
        // The bytes past the head's length are zero.
        var c0 = (byte)head;
        var c1 = (byte)(head >> 8);
        var c2 = (byte)(head >> 16);
        if (c0 == '`')
        {
            if ((length >= 2 && c1 != '`') || (length == 3 && c2 != '`'))
            {
                return LineKind.Text;
            }

            return length == 3 ? LineKind.Toggle : LineKind.Undecided;
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
        else if (NoEndingLineIsAToggle(written[..last]))
        {
            // Text of many lines: only the last one matters.
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

    /// <summary>
    /// True when no line that ends in <paramref name="ended"/> can be a toggle, so the lines before
    /// its last break need no following (a shortcut: the loop in <see cref="Track"/> gives the same
    /// state line by line). The line it continues is not one yet, and with no backtick in
    /// <paramref name="ended"/> it cannot become one: a toggle is decided by its third backtick.
    /// </summary>
    private readonly bool NoEndingLineIsAToggle(ReadOnlySpan<byte> ended) =>
        _kind != LineKind.Toggle && ended.IndexOf((byte)'`') < 0;

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
                continue;
            }

            // Stryker disable once Statement,Block : going on through a line that is not a link changes only the link part, which nothing reads there
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
}
