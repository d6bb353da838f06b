using GenGemini.Generated;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using GenGemini.Tests.Routing;

namespace GenGemini.Tests.Gemtext;

/// <summary>Handlers that return Gemtext, pages from a template, and the language of a page, through TestClient.</summary>
public class GemtextRouteTests
{
    private static TestClient Client(Action<GeminiOptions>? options = null)
    {
        var app = TestApps.Create(options, builder: b => Hosting.InjectedCapsule.AddServices(b.Services));
        app.MapGenerated(needsDependency: new NeedsDependency("x"));
        return new TestClient(app);
    }

    [Fact]
    public async Task The_search_page_cannot_be_given_a_link_by_its_query()
    {
        var client = Client();
        var response = await client.GetAsync("/search?Mars%0a%0a=%3e%20gemini://evil.example/login%20Your%20session%20expired");
        Assert.Equal("20 text/gemini", response.ToString());
        var page = response.Gemtext;
        Assert.Equal(["/about"], page.Links.Select(l => l.Url));
        Assert.Equal("Results for Mars  => gemini://evil.example/login Your session expired", page.Title);
    }

    [Fact]
    public async Task A_template_page_has_its_heading_its_list_and_the_partials_link()
    {
        var client = Client();
        var page = (await client.GetAsync("/planet/mars")).Gemtext;
        Assert.Equal("mars", page.Title);
        Assert.Equal(["Phobos", "Deimos"], page.Lines.Where(l => l.Type == GemtextLineType.ListItem).Select(l => l.Text));
        Assert.True(page.HasLinkTo("/about"));
        Assert.DoesNotContain(page.Lines, l => l.Text == "No moons.");
    }

    [Fact]
    public async Task An_inverted_section_renders_for_an_empty_list()
    {
        var client = Client();
        var page = (await client.GetAsync("/planet/venus")).Gemtext;
        Assert.Contains(page.Lines, l => l.Type == GemtextLineType.Text && l.Text == "No moons.");
        Assert.DoesNotContain(page.Lines, l => l.Type == GemtextLineType.ListItem);
    }

    [Theory]
    [InlineData("/later", "Later")]
    [InlineData("/soon", "Soon")]
    public async Task Task_and_ValueTask_of_gemtext_are_pages(string path, string title)
    {
        var client = Client();
        var response = await client.GetAsync(path);
        Assert.Equal("text/gemini", response.Meta);
        Assert.Equal(title, response.Gemtext.Title);
    }

    [Fact]
    public async Task The_options_language_is_added_to_gemtext_and_a_routes_own_wins()
    {
        var client = Client(o => o.Language = "en");
        Assert.Equal("text/gemini; lang=en", (await client.GetAsync("/planet/mars")).Meta);
        Assert.Equal("text/gemini; lang=en", (await client.GetAsync("/text")).Meta);
        Assert.Equal("text/gemini; lang=de", (await client.GetAsync("/deutsch")).Meta);
    }

    [Fact]
    public async Task A_hosts_language_wins_over_the_options()
    {
        var client = Client(o =>
        {
            o.Language = "en";
            o.Hosts["localhost"] = new GeminiHostOptions { Language = "fr" };
        });
        Assert.Equal("text/gemini; lang=fr", (await client.GetAsync("/planet/mars")).Meta);
    }

    [Fact]
    public async Task Without_a_language_the_meta_is_plain()
    {
        var client = Client();
        Assert.Equal("text/gemini", (await client.GetAsync("/planet/mars")).Meta);
        Assert.Equal("text/gemini; lang=de", (await client.GetAsync("/deutsch")).Meta);
    }

    [Theory]
    [InlineData("en\r\n31 gemini://evil/")]
    [InlineData("en;charset=x")]
    [InlineData("-en")]
    public void A_language_that_is_not_a_tag_is_refused_at_start(string language)
    {
        var app = TestApps.Create(o => o.Language = language);
        var error = Assert.Throws<GeminiStartupException>(() => app.Options);
        Assert.Contains("Gemini:Language must be a language tag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gemtext_of_a_non_gemtext_response_is_refused()
    {
        var response = Response.Success("x"u8.ToArray(), "text/plain");
        Assert.Equal("text/plain", response.Meta);
        Assert.Throws<ArgumentException>(() => Response.Success(GenGemini.Gemtext.Raw("x"), "en\r\n"));
    }
}
