using GenGemini.StaticFiles;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Gemtext;

/// <summary>What each Markdown construct becomes (docs/markdown.md), and .md files served as gemtext.</summary>
public class MarkdownTests
{
    private static string G(string markdown) => MarkdownConverter.ToGemtext(markdown).ToString();

    [Theory]
    [InlineData("# One", "# One\n")]
    [InlineData("## Two", "## Two\n")]
    [InlineData("#### Four", "### Four\n")]
    [InlineData("Setext\n======", "# Setext\n")]
    public void Headings_stay_headings_up_to_level_three(string markdown, string gemtext) => Assert.Equal(gemtext, G(markdown));

    [Fact]
    public void A_paragraph_is_one_line_and_its_links_follow_it()
    {
        Assert.Equal(
            "Read the spec and the FAQ or https://example.com/.\n=> gemini://example.org/faq the FAQ\n=> https://example.com/\n",
            G("Read the *spec* and\n[the FAQ](gemini://example.org/faq) or <https://example.com/>."));
    }

    [Fact]
    public void Lists_quotes_and_rules()
    {
        Assert.Equal("* one\n* two x\n=> /x x\n", G("- one\n- two [x](/x)"));
        Assert.Equal("* 1. first\n* 2. second\n", G("1. first\n2. second"));
        Assert.Equal("> quoted\n> lines\n", G("> quoted\n>\n> lines"));
        Assert.Equal("a\n\n---\n\nb\n", G("a\n\n***\n\nb"));
    }

    [Fact]
    public void Code_is_preformatted_with_the_info_string_as_alt_text()
    {
        Assert.Equal("```csharp\nvar x = 1;\n```\n", G("```csharp\nvar x = 1;\n```"));
        Assert.Equal("```\nindented\n```\n", G("    indented"));
        Assert.Equal("```\n ```\n```\n", G("~~~\n```\n~~~"));
    }

    [Fact]
    public void A_table_is_preformatted_with_aligned_columns()
    {
        Assert.Equal("```table\nName  | Moons\n------+------\nMars  | 2\nEarth | 1\n```\n", G("| Name | Moons |\n|---|---|\n| Mars | 2 |\n| Earth | 1 |"));
    }

    [Fact]
    public void Images_become_links_and_html_is_dropped()
    {
        Assert.Equal("See the map\n=> /map.png Image: the map\n", G("See ![the map](/map.png)"));
        Assert.Equal("text\n", G("<div>block html</div>\n\ntext <b>inline</b>").Replace(" inline", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Markdown_cannot_make_a_line_type_it_did_not_mean()
    {
        var page = GemtextDocument.Parse(G("\\=> gemini://evil/ not a link\n\n\\# not a heading"));
        Assert.DoesNotContain(page.Lines, l => l.Type is GemtextLineType.Link or GemtextLineType.Heading);
    }

    [Fact]
    public async Task A_static_md_file_is_served_at_its_own_name_as_gemtext_only_when_asked()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "guide.md"), "# Guide\n\nSee [home](/).\n");
        var app = TestApps.Create();
        app.Mount("/docs", new StaticFileHandler(directory.Path) { ConvertMarkdown = true });
        app.Mount("/raw", new StaticFileHandler(directory.Path));
        var client = new TestClient(app);
        var converted = await client.GetAsync("/docs/guide.md");
        Assert.Equal("text/gemini", converted.Meta);
        Assert.Equal("Guide", converted.Gemtext.Title);
        Assert.True(converted.Gemtext.HasLinkTo("/"));
        Assert.Equal("Guide", (await client.GetAsync("/docs/guide.md")).Gemtext.Title); // from the cache
        File.WriteAllText(Path.Combine(directory.Path, "guide.md"), "# Guide, revised\n");
        File.SetLastWriteTimeUtc(Path.Combine(directory.Path, "guide.md"), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal("Guide, revised", (await client.GetAsync("/docs/guide.md")).Gemtext.Title);
        var raw = await client.GetAsync("/raw/guide.md");
        Assert.NotEqual("text/gemini", raw.Meta);
        Assert.StartsWith("# Guide", raw.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_markdown_file_over_4_MiB_is_refused_not_converted()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "huge.md"), new string('a', (4 * 1024 * 1024) + 1));
        File.WriteAllText(Path.Combine(directory.Path, "fits.md"), "# Fits\n" + new string('b', 1024 * 1024));
        var app = TestApps.Create();
        app.Mount("/docs", new StaticFileHandler(directory.Path) { ConvertMarkdown = true });
        var client = new TestClient(app);
        Assert.Equal("50 Markdown file too large to convert", (await client.GetAsync("/docs/huge.md")).ToString());
        Assert.Equal("Fits", (await client.GetAsync("/docs/fits.md")).Gemtext.Title);
    }
}
