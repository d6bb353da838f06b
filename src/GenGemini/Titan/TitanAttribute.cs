namespace GenGemini;

/// <summary>
/// A Titan upload route: <c>[Titan("wiki/{page}")]</c> on a method that takes a
/// <see cref="TitanUpload"/> (and path parameters, <see cref="Request"/>, <see cref="CancellationToken"/>,
/// services). Matched only for titan:// requests; a gemini:// request for the same path is served
/// by the gemini route there, if any.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TitanAttribute : Attribute
{
    /// <summary>A Titan upload route at <paramref name="template"/>.</summary>
    public TitanAttribute(string template) => Template = template;

    /// <summary>The route template.</summary>
    public string Template { get; }

    /// <summary>Largest upload this route takes, in bytes; 0 means <c>Gemini:Titan:MaxUploadSize</c>.</summary>
    public long MaxUploadSize { get; set; }

    /// <summary>Whether the upload must carry a token from <c>Gemini:Titan:Tokens</c> (60 without one, 61 with another).</summary>
    public bool RequireToken { get; set; }

    /// <summary>The name of the generated link builder; the method's name by default.</summary>
    public string? Name { get; set; }
}
