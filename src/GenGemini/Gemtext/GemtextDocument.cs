namespace GenGemini;

/// <summary>What kind of line a gemtext line is.</summary>
public enum GemtextLineType
{
    /// <summary>A text line.</summary>
    Text,

    /// <summary>A link line (<c>=&gt; URL label</c>).</summary>
    Link,

    /// <summary>A heading (<c>#</c>, <c>##</c> or <c>###</c>; see <see cref="GemtextLine.Level"/>).</summary>
    Heading,

    /// <summary>A list item (<c>* </c>).</summary>
    ListItem,

    /// <summary>A quote line (<c>&gt;</c>).</summary>
    Quote,

    /// <summary>A preformatting toggle (<c>```</c>, its alt text in <see cref="GemtextLine.Text"/>).</summary>
    PreformatToggle,

    /// <summary>A line inside a preformatted block, as it is.</summary>
    Preformatted,
}

/// <summary>One line of gemtext: its type and its text (without the marker); for a link, its URL and label.</summary>
/// <param name="Type">The line's type.</param>
/// <param name="Text">The text after the marker and the whitespace that follows it (a link's label, or its URL when it has none).</param>
/// <param name="Url">A link's URL; null for other lines.</param>
/// <param name="Level">A heading's level (1 to 3); 0 for other lines.</param>
public sealed record GemtextLine(GemtextLineType Type, string Text, string? Url = null, int Level = 0);

/// <summary>
/// Gemtext read line by line, as a client reads it (Gemini specification, section 5): so a test
/// can say "there is a link to /about" instead of matching strings.
/// </summary>
public sealed class GemtextDocument
{
    private GemtextDocument(IReadOnlyList<GemtextLine> lines) => Lines = lines;

    /// <summary>Every line, in order.</summary>
    public IReadOnlyList<GemtextLine> Lines { get; }

    /// <summary>The link lines.</summary>
    public IEnumerable<GemtextLine> Links => Lines.Where(l => l.Type == GemtextLineType.Link);

    /// <summary>The heading lines.</summary>
    public IEnumerable<GemtextLine> Headings => Lines.Where(l => l.Type == GemtextLineType.Heading);

    /// <summary>The text of the first level-1 heading, or null.</summary>
    public string? Title => Headings.FirstOrDefault(h => h.Level == 1)?.Text;

    /// <summary>Whether some link line points at <paramref name="url"/> (compared as written).</summary>
    public bool HasLinkTo(string url) => Links.Any(l => l.Url == url);

    /// <summary>Reads <paramref name="gemtext"/>; CRLF and LF both end a line.</summary>
    public static GemtextDocument Parse(string gemtext)
    {
        ArgumentNullException.ThrowIfNull(gemtext);
        var lines = new List<GemtextLine>();
        var preformatted = false;
        var text = gemtext.EndsWith('\n') ? gemtext[..^1] : gemtext;
        if (text.Length == 0 && gemtext.Length == 0)
        {
            return new GemtextDocument(lines);
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                preformatted = !preformatted;
                lines.Add(new GemtextLine(GemtextLineType.PreformatToggle, line[3..].Trim()));
            }
            else if (preformatted)
            {
                lines.Add(new GemtextLine(GemtextLineType.Preformatted, line));
            }
            else if (line.StartsWith("=>", StringComparison.Ordinal))
            {
                var rest = line[2..].Trim(' ', '\t');
                var split = rest.IndexOfAny([' ', '\t']);
                var url = split < 0 ? rest : rest[..split];
                var label = split < 0 ? string.Empty : rest[split..].Trim(' ', '\t');
                lines.Add(new GemtextLine(GemtextLineType.Link, label.Length == 0 ? url : label, url));
            }
            else if (line.StartsWith('#'))
            {
                var level = line.StartsWith("###", StringComparison.Ordinal) ? 3 : line.StartsWith("##", StringComparison.Ordinal) ? 2 : 1;
                lines.Add(new GemtextLine(GemtextLineType.Heading, line[level..].Trim(' ', '\t'), Level: level));
            }
            else if (line.StartsWith("* ", StringComparison.Ordinal))
            {
                lines.Add(new GemtextLine(GemtextLineType.ListItem, line[2..]));
            }
            else if (line.StartsWith('>'))
            {
                lines.Add(new GemtextLine(GemtextLineType.Quote, line[1..].TrimStart(' ', '\t')));
            }
            else
            {
                lines.Add(new GemtextLine(GemtextLineType.Text, line));
            }
        }

        return new GemtextDocument(lines);
    }
}
