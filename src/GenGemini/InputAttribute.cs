namespace GenGemini;

/// <summary>
/// A route that asks for input: without a query it answers 10 (11 when <see cref="Sensitive"/>)
/// with <see cref="Prompt"/>; with one, the handler's string parameter gets the decoded query.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    public InputAttribute(string template) => Template = template;

    public string Template { get; }

    public string Prompt { get; set; } = "Input";

    /// <summary>Ask with 11 (sensitive input: clients hide what is typed).</summary>
    public bool Sensitive { get; set; }

    public string? Name { get; set; }
}
