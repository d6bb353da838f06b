using GenGemini;

namespace GeminiCapsule;

/// <summary>The greeting page: Templates/hello.gmi inside Templates/layout.gmi, compiled at build time.</summary>
[GemtextTemplate("Templates/hello.gmi")]
public partial class HelloPage
{
    public required string Greeting { get; init; }

    public required IReadOnlyList<Friend> Others { get; init; }
}

/// <summary>Someone else to greet, and the link that does it.</summary>
public sealed record Friend(string Name, string Url);
