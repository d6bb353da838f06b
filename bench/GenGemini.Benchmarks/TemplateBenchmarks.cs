using System.Text;
using BenchmarkDotNet.Attributes;
using Fluid;
using GenGemini;

/// <summary>A row of the benchmark page's list.</summary>
public sealed class PlanetRow
{
    public required string Url { get; init; }

    public required string Name { get; init; }

    public required int Moons { get; init; }
}

/// <summary>The benchmark page: about 40 lines with a list of 20 items (Templates/catalog.gmi).</summary>
[GemtextTemplate("Templates/catalog.gmi")]
public partial class CatalogPage
{
    public required string Title { get; init; }

    public required string Intro { get; init; }

    public required List<PlanetRow> Planets { get; init; }

    public required string Quote { get; init; }

    public required string Server { get; init; }

    public required string Updated { get; init; }

    public required int Count { get; init; }
}

/// <summary>
/// A page rendered to the UTF-8 bytes a response sends: a compiled template, the same page with a
/// StringBuilder, and the same template in Fluid (Liquid) and Scriban; then a five-hole page with
/// Gemtext.Format beside an interpolated string.
/// </summary>
[MemoryDiagnoser]
public class TemplateBenchmarks
{
    private CatalogPage _page = null!;
    private IFluidTemplate _fluid = null!;
    private TemplateOptions _fluidOptions = null!;
    private global::Scriban.Template _scriban = null!;

    [GlobalSetup]
    public void Setup()
    {
        _page = new CatalogPage
        {
            Title = "The solar system",
            Intro = "Every planet, and how many moons it has.",
            Planets = [.. Enumerable.Range(1, 20).Select(i => new PlanetRow { Url = "/planets/" + i, Name = "Planet number " + i, Moons = i % 7 })],
            Quote = "Look up at the stars and not down at your feet.",
            Server = "GenGemini",
            Updated = "2026-12-07",
            Count = 20,
        };
        var templates = Path.Combine(AppContext.BaseDirectory, "Templates");
        if (!new FluidParser().TryParse(File.ReadAllText(Path.Combine(templates, "catalog.liquid")), out _fluid, out var error))
        {
            throw new InvalidOperationException(error);
        }

        _fluidOptions = new TemplateOptionsBuilder().ConfigureMemberAccess(m =>
        {
            // Fluid 3 reads a model through accessors it is given (no reflection).
            m.Register<CatalogPage, object?>((p, name) => name switch
            {
                "Title" => p.Title,
                "Intro" => p.Intro,
                "Planets" => p.Planets,
                "Quote" => p.Quote,
                "Server" => p.Server,
                "Updated" => p.Updated,
                "Count" => p.Count,
                _ => null,
            });
            m.Register<PlanetRow, object?>((r, name) => name switch
            {
                "Url" => r.Url,
                "Name" => r.Name,
                "Moons" => r.Moons,
                _ => null,
            });
        }).Build();
        _scriban = global::Scriban.Template.Parse(File.ReadAllText(Path.Combine(templates, "catalog.scriban")));
        var compiled = Compiled().ToString();
        foreach (var (name, other) in new[] { ("StringBuilder", Encoding.UTF8.GetString(StringBuilderPage())), ("Fluid", Encoding.UTF8.GetString(Fluid())), ("Scriban", Encoding.UTF8.GetString(Scriban())) })
        {
            if (other != compiled)
            {
                throw new InvalidOperationException(name + " renders another page:\n" + other + "\n---\n" + compiled);
            }
        }
    }

    [Benchmark(Baseline = true, Description = "Template (compiled)")]
    public Gemtext Compiled() => _page.Render();

    [Benchmark(Description = "StringBuilder")]
    public byte[] StringBuilderPage()
    {
        var p = _page;
        var b = new StringBuilder(2048);
        b.Append("# ").Append(p.Title).Append("\n\n").Append(p.Intro).Append("\n\n## Planets\n");
        foreach (var planet in p.Planets)
        {
            b.Append("=> ").Append(planet.Url).Append(' ').Append(planet.Name).Append(" (").Append(planet.Moons).Append(" moons)\n");
        }

        b.Append("\n## About\n> ").Append(p.Quote).Append("\n\n* Served by ").Append(p.Server).Append("\n* Updated ").Append(p.Updated)
            .Append("\n* ").Append(p.Count).Append(" entries\n\n## More\n=> /news News\n=> /archive Archive\n=> /feed.xml Feed\n=> /contact Contact\n\n=> / Home\n");
        return Encoding.UTF8.GetBytes(b.ToString());
    }

    [Benchmark(Description = "Fluid (Liquid)")]
    public byte[] Fluid() => Encoding.UTF8.GetBytes(_fluid.Render(new TemplateContext(_page, _fluidOptions)));

    [Benchmark(Description = "Scriban")]
    public byte[] Scriban() => Encoding.UTF8.GetBytes(_scriban.Render(_page));

    [Benchmark(Description = "Gemtext.Format, 5 holes")]
    public Gemtext Format()
    {
        var p = _page;
        return Gemtext.Format($"# {p.Title}\n\n{p.Intro}\n=> {p.Planets[0].Url} {p.Planets[0].Name}\n* {p.Count} entries\n");
    }

    [Benchmark(Description = "Interpolated string, 5 holes")]
    public byte[] Interpolated()
    {
        var p = _page;
        return Encoding.UTF8.GetBytes($"# {p.Title}\n\n{p.Intro}\n=> {p.Planets[0].Url} {p.Planets[0].Name}\n* {p.Count} entries\n");
    }
}
