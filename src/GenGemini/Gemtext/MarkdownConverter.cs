using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GenGemini;

/// <summary>
/// Markdown (CommonMark, parsed by Markdig, with pipe tables) as gemtext. Headings stay headings
/// (levels beyond 3 become 3); a paragraph becomes one text line, its links (text kept in the line)
/// collected as link lines after it; list items become <c>* </c> lines; block quotes <c>&gt; </c>
/// lines; fenced and indented code a preformatted block, the info string as its alt text; a
/// table a preformatted block of aligned columns; an image a link; HTML is dropped. Text goes
/// through <see cref="GemtextWriter"/>'s value rules, so Markdown cannot produce a line type it
/// did not mean. See docs/markdown.md.
/// </summary>
public static class MarkdownConverter
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>Converts <paramref name="markdown"/> to gemtext.</summary>
    public static Gemtext ToGemtext(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        var w = new GemtextWriter(markdown.Length + 256);
        try
        {
            var first = true;
            foreach (var block in document)
            {
                if (block is HtmlBlock or LinkReferenceDefinitionGroup)
                {
                    continue;
                }

                if (!first)
                {
                    w.WriteTrusted("\n"u8);
                }

                first = false;
                WriteBlock(ref w, block);
            }

            return w.ToGemtext();
        }
        finally
        {
            w.Dispose();
        }
    }

    private static void WriteBlock(ref GemtextWriter w, Block block)
    {
        var links = new List<(string Url, string Label)>();
        switch (block)
        {
            case HeadingBlock heading:
                w.WriteTrusted(new string('#', Math.Clamp(heading.Level, 1, 3)) + " ");
                w.WriteValue(Text(heading.Inline, links));
                w.WriteTrusted("\n"u8);
                break;
            case ParagraphBlock paragraph:
                w.WriteValue(Text(paragraph.Inline, links));
                w.WriteTrusted("\n"u8);
                break;
            case ListBlock list:
                WriteList(ref w, list, links);
                break;
            case QuoteBlock quote:
                foreach (var line in Lines(quote, links))
                {
                    w.WriteTrusted("> "u8);
                    w.WriteValue(line);
                    w.WriteTrusted("\n"u8);
                }

                break;
            case FencedCodeBlock fenced:
                WriteCode(ref w, fenced.Info ?? string.Empty, fenced);
                break;
            case CodeBlock code:
                WriteCode(ref w, string.Empty, code);
                break;
            case Table table:
                WriteTable(ref w, table, links);
                break;
            case ThematicBreakBlock:
                w.WriteTrusted("---\n"u8);
                break;
            case ContainerBlock container:
                foreach (var line in Lines(container, links))
                {
                    w.WriteValue(line);
                    w.WriteTrusted("\n"u8);
                }

                break;
        }

        foreach (var (url, label) in links)
        {
            w.WriteTrusted("=> "u8);
            w.WriteValue(url);
            if (label.Length > 0 && label != url)
            {
                w.WriteTrusted(" "u8);
                w.WriteValue(label);
            }

            w.WriteTrusted("\n"u8);
        }
    }

    private static void WriteList(ref GemtextWriter w, ListBlock list, List<(string Url, string Label)> links)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var text = string.Join(" ", item.OfType<LeafBlock>().Select(b => LeafText(b, links)).Where(t => t.Length > 0));
            w.WriteTrusted("* "u8);
            w.WriteValue(list.IsOrdered ? number++ + ". " + text : text);
            w.WriteTrusted("\n"u8);
            foreach (var nested in item.OfType<ListBlock>())
            {
                WriteList(ref w, nested, links); // gemtext has one level of list: nested items follow
            }
        }
    }

    private static void WriteCode(ref GemtextWriter w, string info, LeafBlock code)
    {
        w.WriteTrusted("```"u8);
        w.WriteValue(info);
        w.WriteTrusted("\n"u8);
        foreach (var line in code.Lines.Lines.Take(code.Lines.Count))
        {
            w.WriteValue(line.Slice.ToString());
            w.WriteTrusted("\n"u8);
        }

        w.WriteTrusted("```\n"u8);
    }

    private static void WriteTable(ref GemtextWriter w, Table table, List<(string Url, string Label)> links)
    {
        var rows = table.OfType<TableRow>()
            .Select(row => row.OfType<TableCell>().Select(cell => string.Join(" ", cell.OfType<LeafBlock>().Select(b => LeafText(b, links)))).ToList())
            .ToList();
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Count ? r[c].Length : 0)).ToList();
        w.WriteTrusted("```table\n"u8);
        for (var i = 0; i < rows.Count; i++)
        {
            w.WriteValue(string.Join(" | ", Enumerable.Range(0, columns).Select(c => (c < rows[i].Count ? rows[i][c] : string.Empty).PadRight(widths[c]))).TrimEnd());
            w.WriteTrusted("\n"u8);
            if (i == 0 && table.OfType<TableRow>().First().IsHeader)
            {
                w.WriteValue(string.Join("-+-", widths.Select(width => new string('-', width))));
                w.WriteTrusted("\n"u8);
            }
        }

        w.WriteTrusted("```\n"u8);
    }

    /// <summary>The text lines of a container (a quote): one a paragraph, lists flattened.</summary>
    private static IEnumerable<string> Lines(ContainerBlock container, List<(string Url, string Label)> links)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case LeafBlock leaf when leaf is not HtmlBlock:
                    yield return LeafText(leaf, links);
                    break;
                case ContainerBlock inner:
                    foreach (var line in Lines(inner, links))
                    {
                        yield return line;
                    }

                    break;
            }
        }
    }

    private static string LeafText(LeafBlock block, List<(string Url, string Label)> links) =>
        block.Inline is { } inline ? Text(inline, links)
        : block is HtmlBlock ? string.Empty
        : string.Join(" ", block.Lines.Lines.Take(block.Lines.Count).Select(l => l.Slice.ToString()));

    /// <summary>The text of inlines on one line; links and images are collected in <paramref name="links"/>.</summary>
    private static string Text(ContainerInline? inlines, List<(string Url, string Label)> links)
    {
        var text = new StringBuilder();
        Append(text, inlines, links);
        return text.ToString().Trim();
    }

    private static void Append(StringBuilder text, ContainerInline? inlines, List<(string Url, string Label)> links)
    {
        if (inlines is null)
        {
            return;
        }

        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append('`').Append(code.Content).Append('`');
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    links.Add((autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url, autolink.Url));
                    break;
                case LinkInline link:
                    var label = new StringBuilder();
                    Append(label, link, links);
                    var words = label.ToString().Trim();
                    if (link.IsImage)
                    {
                        text.Append(words);
                        links.Add((link.Url ?? string.Empty, "Image: " + (words.Length > 0 ? words : link.Url)));
                    }
                    else
                    {
                        text.Append(words);
                        links.Add((link.Url ?? string.Empty, words));
                    }

                    break;
                case HtmlInline:
                    break;
                case ContainerInline container:
                    Append(text, container, links);
                    break;
            }
        }
    }
}
