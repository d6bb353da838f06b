namespace GenGemini;

/// <summary>Titan uploads (<c>Gemini:Titan</c>).</summary>
public sealed class TitanOptions
{
    /// <summary>Largest upload a route takes unless it sets its own (10 MiB); larger ones are refused before any body byte is read.</summary>
    public long MaxUploadSize { get; set; } = 10 * 1024 * 1024;

    /// <summary>The tokens a route with <c>RequireToken</c> accepts.</summary>
    public IList<string> Tokens { get; } = new List<string>();
}
