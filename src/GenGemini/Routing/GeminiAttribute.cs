namespace GenGemini;

/// <summary>
/// On a class: the prefix of its routes. On a method: a route, with a template such as
/// <c>"users/{id:int}"</c>. The source generator turns these into the route table that
/// <c>app.MapGenerated()</c> registers.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GeminiAttribute : Attribute
{
    /// <summary>A route at <paramref name="template"/> (on a class: the prefix of its routes).</summary>
    public GeminiAttribute(string template) => Template = template;

    /// <summary>The route template, such as <c>users/{id:int}</c>.</summary>
    public string Template { get; }

    /// <summary>The name of the generated link method (the method name by default).</summary>
    public string? Name { get; set; }

    /// <summary>
    /// On a class: the host its routes answer for ("example.org", or "*.example.org" for one label
    /// under it); a served host, with a certificate of its own. Classes without one answer for
    /// every served host, after the host's own routes.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>
    /// On a method: the language of the gemtext the route answers (<c>"en"</c>, <c>"de-CH"</c>),
    /// added as <c>; lang=</c> to its <c>text/gemini</c>; it wins over the host's and the options'
    /// Language.
    /// </summary>
    public string? Language { get; set; }

    /// <summary>
    /// On a method: false keeps crawlers away from the route: the generated <c>/robots.txt</c>
    /// lists it as <c>Disallow</c>. True by default.
    /// </summary>
    public bool Crawl { get; set; } = true;
}
