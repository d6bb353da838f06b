namespace GenGemini;

/// <summary>
/// Thrown by a handler to answer with a specific status; its META is the message. A status that is
/// not an error (or a META that is not valid) is answered as <c>40 Internal server error</c> instead,
/// with the details in the log.
/// </summary>
public sealed class GeminiException : Exception
{
    /// <summary>A <c>40 Temporary failure</c>.</summary>
    public GeminiException()
        : this(StatusCode.TemporaryFailure, "Temporary failure")
    {
    }

    /// <summary>A <c>40</c> with <paramref name="message"/> as its META.</summary>
    /// <param name="message">The META.</param>
    public GeminiException(string message)
        : this(StatusCode.TemporaryFailure, message)
    {
    }

    /// <summary>A <c>40</c> with <paramref name="message"/> as its META, caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">The META.</param>
    /// <param name="innerException">The cause (logged, never sent).</param>
    public GeminiException(string message, Exception? innerException)
        : this(StatusCode.TemporaryFailure, message, innerException)
    {
    }

    /// <summary>An answer of <paramref name="status"/> with <paramref name="meta"/>.</summary>
    /// <param name="status">The status to answer with (4x, 5x or 6x).</param>
    /// <param name="meta">The META.</param>
    public GeminiException(StatusCode status, string meta)
        : this(status, meta, null)
    {
    }

    /// <summary>An answer of <paramref name="status"/> with <paramref name="meta"/>, caused by <paramref name="innerException"/>.</summary>
    /// <param name="status">The status to answer with (4x, 5x or 6x).</param>
    /// <param name="meta">The META.</param>
    /// <param name="innerException">The cause (logged, never sent).</param>
    public GeminiException(StatusCode status, string meta, Exception? innerException)
        : base(meta, innerException)
    {
        Status = status;
        Meta = meta ?? string.Empty;
    }

    /// <summary>The status answered.</summary>
    public StatusCode Status { get; }

    /// <summary>The META answered.</summary>
    public string Meta { get; }
}
