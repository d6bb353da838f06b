namespace GenGemini;

/// <summary>A gemlog's title, author and feed (see <see cref="GemlogExtensions.MapGemlog"/>).</summary>
public sealed class GemlogOptions
{
    /// <summary>The index page's heading and the feed's title.</summary>
    public string Title { get; init; } = "Gemlog";

    /// <summary>The feed's author (Atom requires one; the title stands in when none is given).</summary>
    public string? Author { get; init; }

    /// <summary>How many of the newest posts the Atom feed holds (20 by default).</summary>
    public int FeedEntries { get; init; } = 20;

    /// <summary>False lists the gemlog as <c>Disallow</c> in the generated <c>/robots.txt</c>. True by default.</summary>
    public bool Crawl { get; init; } = true;

    /// <summary>The language of the posts (<c>; lang=</c> on their <c>text/gemini</c>, and the feed's <c>xml:lang</c>).</summary>
    public string? Language { get; init; }
}
