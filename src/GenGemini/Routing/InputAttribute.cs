namespace GenGemini;

/// <summary>
/// A route that asks for input: without a query it answers 10 (11 when <see cref="Sensitive"/>)
/// with <see cref="Prompt"/>; with one, the handler's string parameter gets the decoded query.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>An input route at <paramref name="template"/>.</summary>
    public InputAttribute(string template) => Template = template;

    /// <summary>The route template.</summary>
    public string Template { get; }

    /// <summary>The prompt of the 10 (or 11) answered without a query.</summary>
    public string Prompt { get; set; } = "Input";

    /// <summary>Ask with 11 (sensitive input: clients hide what is typed).</summary>
    public bool Sensitive { get; set; }

    /// <summary>The name of the generated link method (the method's own name by default).</summary>
    public string? Name { get; set; }

    /// <summary>The language of the gemtext the route answers, added as <c>; lang=</c> (see <see cref="GeminiAttribute.Language"/>).</summary>
    public string? Language { get; set; }

    /// <summary>False lists the route as <c>Disallow</c> in the generated <c>/robots.txt</c> (see <see cref="GeminiAttribute.Crawl"/>).</summary>
    public bool Crawl { get; set; } = true;
}
