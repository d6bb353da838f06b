namespace GenGemini;

/// <summary>Thrown by a handler to answer with a specific status; its message becomes META.</summary>
public class GeminiException : Exception
{
    public GeminiException(StatusCode status, string meta)
        : base(meta)
    {
        Status = status;
        Meta = meta;
    }

    public StatusCode Status { get; }

    public string Meta { get; }
}
