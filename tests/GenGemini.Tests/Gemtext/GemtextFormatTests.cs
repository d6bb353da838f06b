using System.Buffers;
using CsCheck;

namespace GenGemini.Tests.Gemtext;

/// <summary>What each place in a page does to a value written into it (docs/templates.md, "What a hole does").</summary>
public class GemtextFormatTests
{
    private static string F(GenGemini.Gemtext g) => g.ToString();

    [Fact]
    public void The_injection_the_search_page_had_is_text()
    {
        var query = "Mars\n\n=> gemini://evil.example/login Your session expired";
        var page = F(GenGemini.Gemtext.Format($"# Results for \"{query}\"\n\n=> /about About\n"));
        Assert.Equal("# Results for \"Mars  => gemini://evil.example/login Your session expired\"\n\n=> /about About\n", page);
        Assert.Single(page.Split('\n'), l => l.StartsWith("=>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("=> gemini://evil/ x", " => gemini://evil/ x")]
    [InlineData("# Heading", " # Heading")]
    [InlineData("* item", " * item")]
    [InlineData(">quote", " >quote")]
    [InlineData("```", " ```")]
    [InlineData("=", " =")]
    [InlineData("`", " `")]
    [InlineData("plain", "plain")]
    [InlineData("=x", "=x")]
    [InlineData("*x", "*x")]
    [InlineData(" # indented", " # indented")]
    public void A_value_at_the_start_of_a_line_cannot_give_it_a_type(string value, string expected)
    {
        Assert.Equal("intro\n" + expected + "\n", F(GenGemini.Gemtext.Format($"intro\n{value}\n")));
        Assert.Equal(expected, F(GenGemini.Gemtext.Format($"{value}")));
    }

    [Fact]
    public void A_value_cannot_finish_a_marker_the_literal_began()
    {
        Assert.Equal("= > evil", F(GenGemini.Gemtext.Format($"={"> evil"}")));
        Assert.Equal("`` `", F(GenGemini.Gemtext.Format($"``{"`"}")));
        Assert.Equal("*item", F(GenGemini.Gemtext.Format($"*{"  item"}")));
    }

    [Fact]
    public void Two_empty_values_then_a_marker_is_still_at_the_start()
    {
        var empty = string.Empty;
        Assert.Equal(" # x", F(GenGemini.Gemtext.Format($"{empty}{empty}{"# x"}")));
    }

    [Theory]
    [InlineData("a\nb", "a b")]
    [InlineData("a\r\nb", "a  b")]
    [InlineData("a\u0085b\u2028c\u2029d\vE\fF", "a b c d E F")]
    [InlineData("bell\u0007esc\u001B[31m", "bell\uFFFDesc\uFFFD[31m")]
    [InlineData("c1\u009Bx\u007F", "c1\uFFFDx\uFFFD")]
    [InlineData("tab\tstays", "tab\tstays")]
    public void Line_breaks_become_spaces_and_controls_a_replacement_character(string value, string expected) =>
        Assert.Equal("# " + expected + "\n", F(GenGemini.Gemtext.Format($"# {value}\n")));

    [Fact]
    public void The_url_hole_of_a_link_is_one_token_and_the_label_one_line()
    {
        Assert.Equal("=> /search?a%20b <label>\n", F(GenGemini.Gemtext.Format($"=> {"/search?a b"} {"<label>"}\n")));
        Assert.Equal("=> /x%0A=>%20evil label\n", F(GenGemini.Gemtext.Format($"=> {"/x\n=> evil"} label\n")));
        Assert.Equal("=>/p%09q%7F%C2%85\n", F(GenGemini.Gemtext.Format($"=>{"/p\tq\u007F\u0085"}\n")));
        Assert.Equal("=> /a two => /evil\n", F(GenGemini.Gemtext.Format($"=> /a {"two\n=> /evil"}\n")));
    }

    [Fact]
    public void Two_holes_in_the_url_are_one_token()
    {
        var host = "example.org";
        var path = "/a b";
        Assert.Equal("=> gemini://example.org/a%20b Label\n", F(GenGemini.Gemtext.Format($"=> gemini://{host}{path} Label\n")));
    }

    [Fact]
    public void Inside_a_preformatted_block_a_value_cannot_close_it()
    {
        var page = F(GenGemini.Gemtext.Format($"```\n{"```"}\n# not a heading: {"=> x"}\n```\n{"# after"}\n"));
        Assert.Equal("```\n ```\n# not a heading: => x\n```\n # after\n", page);
    }

    [Fact]
    public void Inside_a_preformatted_block_markers_other_than_the_toggle_are_left_alone()
    {
        Assert.Equal("```\n# code\n```\n", F(GenGemini.Gemtext.Format($"```\n{"# code"}\n```\n")));
    }

    [Fact]
    public void A_gemtext_hole_is_trusted()
    {
        var footer = GenGemini.Gemtext.Raw("=> / Home\n");
        Assert.Equal("text\n=> / Home\n", F(GenGemini.Gemtext.Format($"text\n{footer}")));
    }

    [Fact]
    public void A_trusted_hole_that_opens_a_block_puts_later_values_inside_it()
    {
        var open = GenGemini.Gemtext.Raw("```\n");
        Assert.Equal("```\n ```\n", F(GenGemini.Gemtext.Format($"{open}{"```"}\n")));
    }

    [Fact]
    public void Numbers_and_dates_are_formatted_with_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("1.5 2026-12-01 -3", F(GenGemini.Gemtext.Format($"{1.5} {new DateOnly(2026, 12, 1):yyyy-MM-dd} {-3}")));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Null_writes_nothing()
    {
        string? nothing = null;
        object? none = null;
        Assert.Equal("[]", F(GenGemini.Gemtext.Format($"[{nothing}{none}]")));
    }

    [Fact]
    public void A_large_page_is_written_whole_into_a_buffer_writer()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new GemtextWriter(output);
        for (var i = 0; i < 5000; i++)
        {
            writer.WriteTrusted("* ");
            writer.WriteValue("item\n" + i);
            writer.WriteTrusted("\n");
        }

        writer.Flush();
        writer.Dispose();
        var text = System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5000, lines.Length);
        Assert.Equal("* item 4999", lines[^1]);
    }

    [Fact]
    public void Raw_is_taken_as_it_is_and_equality_is_by_bytes()
    {
        Assert.Equal("=> /x\n", GenGemini.Gemtext.Raw("=> /x\n").ToString());
        Assert.Equal(GenGemini.Gemtext.Raw("a"), GenGemini.Gemtext.Format($"a"));
        Assert.True(GenGemini.Gemtext.Empty.IsEmpty);
    }
}

/// <summary>Properties over any value: a hole never changes the type or the number of lines.</summary>
public class GemtextHolePropertyTests
{
    // Characters that matter to gemtext, often, and anything else now and then.
    private static readonly Gen<string> Values = Gen.String[Gen.OneOf(
        Gen.Char["=>#*` \t\r\n\u0085\u2028\u2029\u001B\u007Fa/"],
        Gen.Char), 0, 24];

    [Fact]
    public void A_value_at_the_start_of_a_line_leaves_one_text_line() =>
        Values.Sample(value =>
        {
            var lines = GemtextDocument.Parse(GenGemini.Gemtext.Format($"{value}\n").ToString()).Lines;
            return lines.Count <= 1 && lines.All(l => l.Type == GemtextLineType.Text);
        });

    // URL values without '%' (so that decoding the token gives back exactly the value).
    private static readonly Gen<string> UrlValues = Gen.String[Gen.Char["=>#*` \t\r\n\u0085\u2028\u2029\u001B\u007F\u009Ba/é?"], 0, 24];

    [Fact]
    public void Values_in_a_link_stay_one_link_with_the_whole_value_in_its_url() =>
        UrlValues.Select(Values).Sample((url, label) =>
        {
            var page = GemtextDocument.Parse(GenGemini.Gemtext.Format($"=> /x{url} {label}\nafter\n").ToString());
            return page.Lines.Count == 2 && page.Lines[0].Type == GemtextLineType.Link
                && Uri.UnescapeDataString(page.Lines[0].Url!) == "/x" + url && page.Lines[1].Text == "after";
        });

    [Fact]
    public void A_value_in_a_preformatted_block_cannot_end_it() =>
        Values.Sample(value =>
        {
            var page = GemtextDocument.Parse(GenGemini.Gemtext.Format($"```\n{value}\n```\n# after\n").ToString());
            return page.Lines.Count(l => l.Type == GemtextLineType.PreformatToggle) == 2 && page.Lines[^1].Type == GemtextLineType.Heading;
        });
}

/// <summary>The writer's other places: HTML escaping, the C1 edges, a toggle ended by trusted text, empty lists, a buffer output.</summary>
public class GemtextWriterEdgeTests
{
    [Fact]
    public void Html_escaping_turns_the_five_characters_into_entities_and_nothing_else()
    {
        var w = new GemtextWriter(256, null, TemplateEscaping.Html);
        w.WriteValue("<a href=\"x\">Tom & 'Jerry'</a>\n# raw");
        var page = w.ToGemtext().ToString();
        w.Dispose();
        Assert.Equal("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;\n# raw", page);
    }

    [Theory]
    [InlineData("\u0080", "\uFFFD")]
    [InlineData("\u009F", "\uFFFD")]
    [InlineData("\u007E\u00A0", "\u007E\u00A0")]
    public void The_c1_range_is_replaced_to_its_edges_and_no_further(string value, string expected) =>
        Assert.Equal("x " + expected, GenGemini.Gemtext.Format($"x {value}").ToString());

    [Theory]
    [InlineData("\u0080", "%C2%80")]
    [InlineData("\u009F", "%C2%9F")]
    [InlineData("\u00A0", "\u00A0")]
    public void In_a_url_the_c1_range_is_percent_encoded_to_its_edges(string value, string expected) =>
        Assert.Equal("=> /a" + expected, GenGemini.Gemtext.Format($"=> /a{value}").ToString());

    [Fact]
    public void A_toggle_line_ended_by_trusted_text_opens_the_block()
    {
        var empty = string.Empty;
        // "```" then a break in a later literal with no backtick of its own: the block is open.
        Assert.Equal("```\nx\n=> a\n", GenGemini.Gemtext.Format($"```{empty}\nx\n{"=> a"}\n").ToString());
    }

    [Fact]
    public void An_inverted_section_sees_null_empty_and_lazy_lists()
    {
        Assert.True(GemtextWriter.IsEmpty<int>(null));
        Assert.True(GemtextWriter.IsEmpty(Array.Empty<int>()));
        Assert.True(GemtextWriter.IsEmpty(new List<int>()));
        Assert.True(GemtextWriter.IsEmpty(Enumerable.Range(0, 0).Select(i => i)));
        Assert.False(GemtextWriter.IsEmpty(new[] { 1 }));
        Assert.False(GemtextWriter.IsEmpty(Enumerable.Range(0, 1).Select(i => i)));
        Assert.False(GemtextWriter.IsEmpty(new System.Collections.ObjectModel.ReadOnlyCollection<int>([1])));
    }

    [Fact]
    public void Raw_writes_any_value_as_it_is()
    {
        var w = new GemtextWriter(64);
        w.WriteRaw("=> /x\n");
        w.WriteRaw(12.5);
        w.WriteRaw<string?>(null);
        w.WriteRaw(GenGemini.Gemtext.Raw("\n# h"));
        w.WriteRaw(new Uri("gemini://a/"));
        var page = w.ToGemtext().ToString();
        w.Dispose();
        Assert.Equal("=> /x\n12.5\n# hgemini://a/", page);
    }

    [Fact]
    public void A_page_larger_than_the_first_buffer_grows_without_losing_bytes()
    {
        var w = new GemtextWriter(256);
        var line = new string('a', 1000);
        for (var i = 0; i < 50; i++)
        {
            w.WriteTrusted("* ");
            w.WriteValue(line);
            w.WriteTrusted("\n"u8);
        }

        var page = w.ToGemtext().ToString();
        w.Dispose();
        Assert.Equal(50 * 1003, page.Length);
        Assert.All(page.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal("* " + line, l));
    }
}

/// <summary>
/// The writer's buffers: whatever the first size, the sizes of the pieces and where the buffer
/// fills up, a page is every piece written, in order, once (into its own buffer or an
/// <see cref="IBufferWriter{T}"/>, flushed as it goes).
/// </summary>
public class GemtextWriterBufferPropertyTests
{
    // One piece: 0 trusted UTF-8, 1 trusted text, 2 a value (letters only: nothing for a hole to change), 3 a number.
    private static readonly Gen<(int Kind, int Length, int Number)> Pieces =
        Gen.Select(Gen.Int[0, 3], Gen.OneOf(Gen.Int[0, 40], Gen.Int[0, 5000]), Gen.Int);

    private static string Expected(IEnumerable<(int Kind, int Length, int Number)> pieces) =>
        string.Concat(pieces.Select((p, i) => p.Kind == 3
            ? p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : new string((char)('a' + (i % 26)), p.Length)));

    private static void Write(ref GemtextWriter writer, IEnumerable<(int Kind, int Length, int Number)> pieces)
    {
        var i = 0;
        foreach (var (kind, length, number) in pieces)
        {
            var text = new string((char)('a' + (i++ % 26)), length);
            switch (kind)
            {
                case 0:
                    writer.WriteTrusted(System.Text.Encoding.UTF8.GetBytes(text).AsSpan());
                    break;
                case 1:
                    writer.WriteTrusted(text);
                    break;
                case 2:
                    writer.WriteValue(text);
                    break;
                default:
                    writer.WriteFormatted(number);
                    break;
            }
        }
    }

    [Fact]
    public void Every_piece_is_written_once_in_order_whatever_the_first_buffer_size() =>
        Gen.Select(Gen.Int[0, 600], Pieces.List[0, 30]).Sample((size, pieces) =>
        {
            var writer = new GemtextWriter(size);
            Write(ref writer, pieces);
            var page = writer.ToGemtext().ToString();
            writer.Dispose();
            return page == Expected(pieces);
        });

    [Fact]
    public void Every_piece_is_written_once_in_order_into_a_buffer_writer() =>
        Pieces.List[0, 30].Sample(pieces =>
        {
            var output = new ArrayBufferWriter<byte>(1);
            var writer = new GemtextWriter(output);
            Write(ref writer, pieces);
            writer.Flush();
            writer.Dispose();
            return System.Text.Encoding.UTF8.GetString(output.WrittenSpan) == Expected(pieces);
        });

    [Fact]
    public void Two_pages_in_a_row_on_one_thread_do_not_share_bytes()
    {
        var first = new GemtextWriter(16);
        first.WriteTrusted(new byte[70_000].AsSpan()); // larger than any buffer the thread keeps
        first.WriteTrusted(new string('x', 100_000)); // and again, as text
        var one = first.ToGemtext();
        first.Dispose();
        var second = new GemtextWriter(16);
        second.WriteTrusted("y");
        var two = second.ToGemtext();
        second.Dispose();
        var third = new GemtextWriter(16);
        third.WriteTrusted("z");
        var three = third.ToGemtext();
        third.Dispose();

        Assert.Equal(170_000, one.Utf8.Length);
        Assert.Equal(new string('x', 100_000), one.ToString()[70_000..]);
        Assert.Equal(("y", "z"), (two.ToString(), three.ToString()));
    }
}
