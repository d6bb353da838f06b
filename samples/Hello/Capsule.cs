using GenGemini;

namespace Hello;

/// <summary>The sample capsule: every route is bound by generated code, its store injected.</summary>
[Gemini("/")]
public partial class Capsule(PlanetStore planets)
{
    [Gemini("")]
    public string Home() => $"""
        # Hello from GenGemini

        => {Links.About()} About this capsule
        => {Links.Planet(3)} Planet number 3 (a typed parameter)
        => {Links.Search()} Search the planets (an input prompt)
        => {Links.WhoAmI()} Who am I? (client certificate)
        => {Wiki.Links.Read("start")} A wiki page you can edit with Titan

        """;

    [Gemini("about")]
    public string About() => "# About\n\nA capsule served by GenGemini: attribute routes, source-generated.\n";

    [Gemini("planets/{number:int}")]
    public Response Planet(int number) =>
        planets.Find(number) is { } name
            ? $"# {name}\n\nPlanet number {number}.\n=> {Links.Planet(number % planets.Count + 1)} Next planet\n"
            : Response.NotFound($"There is no planet number {number}");

    [Input("search", Prompt = "Which planet?")]
    public string Search(string query)
    {
        var found = planets.Search(query).Select(p => $"=> {Links.Planet(p.Number)} {p.Name}\n");
        // The query is a visitor's text: kept on the heading's line, so it cannot add a line
        // (a link to a phishing page, say) to the page.
        return $"# Results for \"{Gemtext.OneLine(query)}\"\n\n{string.Concat(found)}";
    }

    [Gemini("whoami")]
    public static Response WhoAmI(Request request) =>
        request.ClientCertificateHash is { } hash
            ? $"# You\n\nYour certificate's SHA-256 fingerprint:\n```\n{hash}\n```\n"
            : Response.ClientCertificateRequired("Present a client certificate to see your identity");
}
