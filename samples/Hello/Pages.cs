using GenGemini;

namespace Hello;

/// <summary>A planet's page (Templates/planet.gmi, inside Templates/layout.gmi).</summary>
[GemtextTemplate("Templates/planet.gmi")]
public partial class PlanetPage
{
    public required string Name { get; init; }

    public required int Number { get; init; }

    /// <summary>The link to the next planet.</summary>
    public required string Next { get; init; }
}

/// <summary>The search results (Templates/search.gmi): the visitor's query is a value, so it cannot add a line.</summary>
[GemtextTemplate("Templates/search.gmi")]
public partial class SearchPage
{
    public required string Query { get; init; }

    public required IReadOnlyList<SearchResult> Results { get; init; }
}

/// <summary>One planet found by a search.</summary>
public sealed record SearchResult(string Url, string Name);
