using GenGemini;

namespace Hello;

/// <summary>The sample capsule: every route is bound by generated code, its store injected.</summary>
[Gemini("/")]
public partial class Capsule(PlanetStore planets)
{
    [Gemini("")]
    public Gemtext Home() => Gemtext.Format($"""
        # Hello from GenGemini

        => {Links.About()} About this capsule
        => {Links.Planet(3)} Planet number 3 (a typed parameter)
        => {Links.Search()} Search the planets (an input prompt)
        => {Links.WhoAmI()} Who am I? (client certificate)
        => {Wiki.Links.Read("start")} A wiki page you can edit with Titan
        => /gemlog/ The gemlog (with an Atom feed)
        => /docs/guide.md A page written in Markdown

        """);

    [Gemini("about")]
    public string About() => "# About\n\nA capsule served by GenGemini: attribute routes, source-generated.\n";

    [Gemini("planets/{number:int}")]
    public Response Planet(int number) =>
        planets.Find(number) is { } name
            ? new PlanetPage { Name = name, Number = number, Next = Links.Planet(number % planets.Count + 1) }.Render()
            : Response.NotFound($"There is no planet number {number}");

    // The query is a visitor's text: a template value, it stays on its line and cannot add a
    // line (a link to a phishing page, say) to the page.
    [Input("search", Prompt = "Which planet?")]
    public Gemtext Search(string query) => new SearchPage
    {
        Query = query,
        Results = [.. planets.Search(query).Select(p => new SearchResult(Links.Planet(p.Number), p.Name))],
    }.Render();

    [Gemini("whoami")]
    public static Response WhoAmI(Request request) =>
        request.ClientCertificateHash is { } hash
            ? Gemtext.Format($"# You\n\nYour certificate's SHA-256 fingerprint:\n```\n{hash}\n```\n")
            : Response.ClientCertificateRequired("Present a client certificate to see your identity");
}
