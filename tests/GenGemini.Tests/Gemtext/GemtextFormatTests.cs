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
    public void Empty_values_of_every_kind_leave_the_line_as_it_was()
    {
        var w = new GemtextWriter(64);
        w.WriteTrusted("=");
        w.WriteValue(ReadOnlySpan<char>.Empty);
        w.WriteFormatted(new Words(""));
        w.WriteTrusted("> /u ");
        w.WriteValue(ReadOnlySpan<char>.Empty);
        w.WriteValue("a b");
        var page = w.ToGemtext().ToString();
        w.Dispose();
        Assert.Equal("=> /u a b", page); // a link, its label written as text
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

    [Fact]
    public void Html_escaping_holds_on_a_line_whose_type_is_known()
    {
        var w = new GemtextWriter(256, null, TemplateEscaping.Html);
        w.WriteTrusted("<p>");
        w.WriteValue("<b>");
        w.WriteFormatted(5);
        w.WriteFormatted("&");
        var page = w.ToGemtext().ToString();
        w.Dispose();
        Assert.Equal("<p>&lt;b&gt;5&amp;", page);
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

/// <summary>
/// Values between any trusted fragments, markers split across writes included: every line of a
/// page is of the type its trusted text gives it with each value replaced by a plain word or (for
/// a value of blanks only, which can drop away where a line's type is not yet known) by nothing.
/// A value never makes a line a type the template could not make, nor adds or removes a line.
/// </summary>
public class GemtextSkeletonPropertyTests
{
    private static readonly string[] TrustedPieces = [
        "", "=", ">", "=>", " ", "\t", "#", "##", "* ", "*", "`", "``", "```", "\n", "a", " /u ", "x\n", ">\n", "=> /l ", "```\n", "\n```\n"];

    private static readonly Gen<string> Trusted = Gen.Int[0, TrustedPieces.Length - 1].Select(i => TrustedPieces[i]);

    private static readonly Gen<string> Values = Gen.String[Gen.Char["=>#*` \t\r\n\u0085\u2028\u00A0ab\u063E"], 0, 6];

    private static bool BlanksOnly(string value) =>
        value.Length > 0 && value.All(c => c is ' ' or '\t' or '\r' or '\n' or '\v' or '\f' or '\u0085' or '\u2028' or '\u2029');

    private static GemtextLineType[] Types(string page) => GemtextDocument.Parse(page).Lines.Select(l => l.Type).ToArray();

    /// <summary>The line types of every page the trusted text makes with each value a word, or nothing where the value is blanks.</summary>
    private static List<GemtextLineType[]> Skeletons(IReadOnlyList<(string Trusted, string Value)> pieces)
    {
        var blanks = pieces.Count(p => BlanksOnly(p.Value));
        var skeletons = new List<GemtextLineType[]>();
        for (var choice = 0; choice < 1 << blanks; choice++)
        {
            var text = new System.Text.StringBuilder();
            var b = 0;
            foreach (var (trusted, value) in pieces)
            {
                text.Append(trusted);
                if (BlanksOnly(value))
                {
                    text.Append((choice >> b++ & 1) == 1 ? "x" : "");
                }
                else if (value.Length > 0)
                {
                    text.Append('x');
                }
            }

            skeletons.Add(Types(text.ToString()));
        }

        return skeletons;
    }

    [Fact]
    public void A_page_has_the_lines_its_trusted_text_can_make() =>
        Gen.Select(Trusted, Values).List[1, 10].Sample(pieces =>
        {
            var writer = new GemtextWriter(64);
            foreach (var (trusted, value) in pieces)
            {
                writer.WriteTrusted(trusted);
                writer.WriteValue(value);
            }

            var page = writer.ToGemtext().ToString();
            writer.Dispose();
            var actual = Types(page);
            return Skeletons(pieces).Any(expected => expected.SequenceEqual(actual));
        });

    [Theory]
    [InlineData("*", "   ", " /u", "* /u")] // blanks only after a lone '*': nothing, as an empty value (a list item either way)
    [InlineData("*", "  a", " /u", "*a /u")] // the blanks before a word dropped: the line stays text
    [InlineData("=", "  ", "> /u", "=  > /u")] // after '=', blanks are text: the line does not become a link
    public void A_value_of_blanks_where_the_type_is_open_leaves_what_the_template_makes(string before, string value, string after, string expected) =>
        Assert.Equal(expected, GemtextWriterDecisionTests.Write(before, value, after));
}

/// <summary>
/// The places where the writer decides a line's type one character at a time, and the paths it
/// takes for values of other types: each case here is one a shortcut in the writer could get
/// wrong.
/// </summary>
public class GemtextWriterDecisionTests
{
    /// <summary>The page of trusted text, a value, and trusted text again.</summary>
    internal static string Write(string before, string value, string after = "")
    {
        var writer = new GemtextWriter(64);
        writer.WriteTrusted(before);
        writer.WriteValue(value);
        writer.WriteTrusted(after);
        var page = writer.ToGemtext().ToString();
        writer.Dispose();
        return page;
    }

    [Theory]
    [InlineData("=", "\u063E", "=\u063E")] // a letter whose low byte is '>' is not '>'
    [InlineData("=", "é", "=é")] // a letter after '=' settles the line as text: no space needed
    [InlineData("`", "\u0160\u0160", "`\u0160\u0160")] // nor is a letter whose low byte is '`' a backtick
    [InlineData("*", "\u00A0x", "*\u00A0x")] // only space and tab are dropped after a lone '*'
    public void Only_ascii_can_make_a_marker(string before, string value, string expected) =>
        Assert.Equal(expected, Write(before, value));

    [Theory]
    [InlineData("`", "a", "`a")] // "`a" is text at its second byte: nothing to neutralise
    [InlineData("`", "a``", "`a``")] // "`a" is text already: the value's backticks cannot make a toggle
    [InlineData("``", "a", "``a")] // nor can "``a"
    [InlineData("`", "``", "` ``")] // but "`" + "``" would be one: a space first
    [InlineData("``", "`", "`` `")]
    public void A_toggle_is_three_backticks_and_nothing_else(string before, string value, string expected) =>
        Assert.Equal(expected, Write(before, value));

    [Fact]
    public void A_line_of_two_backticks_then_a_letter_does_not_open_a_block()
    {
        // If "``a" were taken for a toggle, the value on the next line would be inside a block.
        Assert.Equal("``a\n => /x\n", Write("``a\n", "=> /x", "\n"));
    }

    [Theory]
    [InlineData("=>  ", "/a b", "=>  /a%20b")] // blanks before the URL: the value is still the URL
    [InlineData("=>/u ", "a b", "=>/u a b")] // a URL right after "=>": the value after its blank is the label
    [InlineData("=>\t", "/a b", "=>\t/a%20b")]
    public void The_url_starts_at_the_first_character_that_is_not_blank(string before, string value, string expected) =>
        Assert.Equal(expected, Write(before, value));

    [Fact]
    public void The_last_line_of_trusted_text_of_many_lines_is_followed()
    {
        Assert.Equal("x\n=> a%20b", GenGemini.Gemtext.Format($"x\n=> {"a b"}").ToString());
        Assert.Equal("x\ny\n => a", GenGemini.Gemtext.Format($"x\ny\n{"=> a"}").ToString());
    }

    [Fact]
    public void A_url_value_then_a_blank_makes_the_next_value_a_label()
    {
        Assert.Equal("=> /u a b", GenGemini.Gemtext.Format($"=> {"/u"} {"a b"}").ToString());
        Assert.Equal("=> /a%20b c d", GenGemini.Gemtext.Format($"=> {"/a b"} {"c d"}").ToString());
    }

    [Fact]
    public void A_number_at_the_start_of_a_line_is_followed_like_any_value()
    {
        // "5=>" is a text line: the value after it is words, not a URL.
        Assert.Equal("5=> a b", GenGemini.Gemtext.Format($"{5}=> {"a b"}").ToString());
    }

    [Fact]
    public void A_number_with_a_format_is_formatted_on_any_line()
    {
        Assert.Equal("# 007", GenGemini.Gemtext.Format($"# {7:D3}").ToString());
        Assert.Equal("007", GenGemini.Gemtext.Format($"{7:D3}").ToString());
    }

    [Fact]
    public void A_value_longer_than_the_stack_buffer_is_formatted_whole()
    {
        var page = GenGemini.Gemtext.Format($"# {1.5m:F200}").ToString();
        Assert.Equal("# 1.5" + new string('0', 199), page);
    }

    [Fact]
    public void Values_of_any_type_go_through_the_rules_of_their_place()
    {
        var writer = new GemtextWriter(64);
        writer.WriteFormatted<object>("=> /evil"); // a string, typed as object
        writer.WriteTrusted("\n");
        writer.WriteFormatted<object>(GenGemini.Gemtext.Raw("=> /ok")); // trusted gemtext
        writer.WriteTrusted("\n");
        writer.WriteFormatted<object?>(null);
        writer.WriteFormatted(new Words("# not a heading")); // ToString()
        writer.WriteTrusted("\n");
        writer.WriteFormatted(new Formattable("* not an item")); // IFormattable, not span-formattable
        var page = writer.ToGemtext().ToString();
        writer.Dispose();
        Assert.Equal(" => /evil\n=> /ok\n # not a heading\n * not an item(null)", page);
    }

    [Fact]
    public void Raw_writes_a_number_of_any_type_as_it_is()
    {
        var writer = new GemtextWriter(64);
        writer.WriteRaw(new Formattable("# h"));
        writer.WriteRaw(new Words("\n* i"));
        Assert.Equal("# h(null)\n* i", writer.ToGemtext().ToString());
        writer.Dispose();
    }

    private sealed class Formattable(string text) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) => text + (format ?? "(null)");
    }
}

/// <summary>The writer's buffer and output: flushing as it goes, flushing nothing, being disposed twice.</summary>
public class GemtextWriterOutputTests
{
    [Fact]
    public void A_long_page_reaches_the_output_before_the_end()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new GemtextWriter(output);
        var reached = 0;
        for (var i = 0; i < 2000 && reached == 0; i++)
        {
            writer.WriteTrusted("* line ");
            writer.WriteValue("value");
            writer.WriteTrusted("\n");
            reached = output.WrittenCount;
        }

        // It went out once about 16 KiB were buffered, before Flush was called.
        Assert.InRange(reached, 16 * 1024, 17 * 1024);
        writer.Flush();
        writer.Dispose();
        Assert.Equal(0, output.WrittenCount % "* line value\n".Length);
    }

    [Fact]
    public void Flush_without_an_output_keeps_the_page()
    {
        var writer = new GemtextWriter(64);
        writer.WriteTrusted("# kept");
        writer.Flush();
        Assert.Equal("# kept", writer.ToGemtext().ToString());
        writer.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_writer_disposed_gives_its_buffer_back_once(int disposals)
    {
        // Holding the buffer this thread keeps, so that the next writer rents one of 1,024 bytes
        // from the shared pool, the pool the next but one would rent from too.
        var holder = new GemtextWriter(16);
        var first = new GemtextWriter(1000);
        first.WriteTrusted("x");
        for (var i = 0; i < disposals; i++)
        {
            first.Dispose();
        }

        // Two pages written at once on this thread: each on a buffer of its own.
        var a = new GemtextWriter(1000);
        var b = new GemtextWriter(1000);
        a.WriteTrusted(System.Text.Encoding.UTF8.GetBytes(new string('a', 900)).AsSpan()); // bytes: no room kept for encoding
        b.WriteTrusted(System.Text.Encoding.UTF8.GetBytes(new string('b', 900)).AsSpan());
        var pageA = a.ToGemtext().ToString();
        var pageB = b.ToGemtext().ToString();
        a.Dispose();
        b.Dispose();
        holder.Dispose();
        Assert.Equal(new string('a', 900), pageA);
        Assert.Equal(new string('b', 900), pageB);
    }

    private delegate void Piece(ref GemtextWriter writer);

    /// <summary>
    /// Writes <paramref name="line"/> padded with letters to every length from 230 to 256 bytes into
    /// a writer whose buffer is exactly 256 bytes, then the piece: the piece must be whole, wherever
    /// the buffer fills up.
    /// </summary>
    private static void AtTheEndOfTheBuffer(string line, Piece piece, string expected, string end = "")
    {
        for (var fill = 230; fill <= 256; fill++)
        {
            var before = line + new string('a', fill - line.Length - end.Length) + end;
            var page = OnA256ByteBuffer((ref GemtextWriter writer) =>
            {
                writer.WriteTrusted(System.Text.Encoding.UTF8.GetBytes(before).AsSpan()); // bytes: the buffer fills to the byte
                piece(ref writer);
            });
            Assert.Equal(before + expected, page);
        }
    }

    /// <summary>The page <paramref name="write"/> makes in a writer whose first buffer is exactly 256 bytes.</summary>
    private static string OnA256ByteBuffer(Piece write)
    {
        var taker = new GemtextWriter(16); // takes the buffer this thread keeps: the next is rented, 256 bytes
        var writer = new GemtextWriter(256);
        write(ref writer);
        var page = writer.ToGemtext().ToString();
        writer.Dispose();
        taker.Dispose();
        return page;
    }

    [Fact]
    public void A_number_where_the_buffer_fills_is_written_whole() =>
        AtTheEndOfTheBuffer("", (ref GemtextWriter w) => w.WriteFormatted(123456789), "123456789");

    [Fact]
    public void Text_of_three_byte_characters_where_the_buffer_fills_is_written_whole()
    {
        AtTheEndOfTheBuffer("", (ref GemtextWriter w) => w.WriteValue("€€"), "€€");
        AtTheEndOfTheBuffer("", (ref GemtextWriter w) => w.WriteTrusted("€"), "€");
        AtTheEndOfTheBuffer("", (ref GemtextWriter w) => w.WriteTrusted("€"u8), "€");
    }

    [Fact]
    public void The_space_that_keeps_a_line_text_where_the_buffer_fills_is_written() =>
        AtTheEndOfTheBuffer("", (ref GemtextWriter w) => w.WriteValue("# x"), " # x", end: "\n");

    [Fact]
    public void A_piece_larger_than_twice_the_buffer_is_written_whole()
    {
        var page = OnA256ByteBuffer((ref GemtextWriter writer) =>
        {
            writer.WriteTrusted("x"u8);
            writer.WriteTrusted(new byte[1000].AsSpan());
        });
        Assert.Equal("x" + new string('\0', 1000), page);
    }

    [Fact]
    public void A_url_where_the_buffer_fills_is_written_whole()
    {
        AtTheEndOfTheBuffer("=> /", (ref GemtextWriter w) => w.WriteValue("é"), "é");
        AtTheEndOfTheBuffer("=> /", (ref GemtextWriter w) => w.WriteValue("é b"), "é%20b");
        AtTheEndOfTheBuffer("=> /", (ref GemtextWriter w) => w.WriteValue("\u2028"), "%E2%80%A8");
    }
}

/// <summary>A value whose ToString() is its text (neither a string nor formattable).</summary>
file sealed record Words(string Text)
{
    public override string ToString() => Text;
}
