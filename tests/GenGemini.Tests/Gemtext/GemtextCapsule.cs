using GenGemini;

namespace GenGemini.Tests.Gemtext;

// A capsule written with Gemtext.Format and a template, compiled with the real generator.

/// <summary>A moon of a planet.</summary>
public sealed class Moon
{
    public required string Name { get; init; }
}

[GemtextTemplate("Gemtext/Templates/planet.gmi")]
public partial class PlanetPage
{
    public required string Name { get; init; }

    public required Moon[] Moons { get; init; }

    public bool HasRings { get; init; }
}

public partial class GemtextCapsule
{
    private static readonly Dictionary<string, Moon[]> Planets = new(StringComparer.Ordinal)
    {
        ["mars"] = [new Moon { Name = "Phobos" }, new Moon { Name = "Deimos" }],
        ["venus"] = [],
    };

    [Input("search", Prompt = "Find?")]
    public static GenGemini.Gemtext Search(string query) => GenGemini.Gemtext.Format($"# Results for {query}\n\n=> /about About\n");

    [Gemini("planet/{name}")]
    public static GenGemini.Gemtext Planet(string name) =>
        new PlanetPage { Name = name, Moons = Planets.GetValueOrDefault(name, []), HasRings = name == "saturn" }.Render();

    [Gemini("later")]
    public static async Task<GenGemini.Gemtext> Later()
    {
        await Task.Yield();
        return GenGemini.Gemtext.Format($"# Later\n");
    }

    [Gemini("soon")]
    public static ValueTask<GenGemini.Gemtext> Soon() => ValueTask.FromResult(GenGemini.Gemtext.Raw("# Soon\n"));

    [Gemini("deutsch", Language = "de")]
    public static GenGemini.Gemtext Deutsch() => GenGemini.Gemtext.Raw("# Hallo\n");

    [Gemini("drafts", Crawl = false)]
    public static string Drafts() => "# Drafts\n";

    [Input("secret/{area}", Crawl = false)]
    public static string Secret(string area, string query) => area + query;

    [Gemini("text")]
    public static string Text() => "# A string page\n";
}
