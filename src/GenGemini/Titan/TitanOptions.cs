namespace GenGemini;

/// <summary>Titan uploads (<c>Gemini:Titan</c>).</summary>
public sealed class TitanOptions
{
    /// <summary>Largest upload a route takes unless it sets its own (10 MiB); larger ones are refused before any body byte is read.</summary>
    public long MaxUploadSize { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Upload bytes the whole server holds in memory at once, over every upload in progress (64 MiB).
    /// Memory follows the bytes that arrived, never the size a client declares; an upload that would
    /// take the server past this is dropped (its connection closed, no handler called).
    /// </summary>
    public long MaxUploadBytesInFlight { get; set; } = 64 * 1024 * 1024;

    /// <summary>The tokens a route with <c>RequireToken</c> accepts.</summary>
    public IList<string> Tokens { get; } = new List<string>();
}
