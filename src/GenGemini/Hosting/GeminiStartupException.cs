namespace GenGemini;

/// <summary>
/// An operator's mistake found at start (a bad option, a missing PEM file, a port in use). Its
/// message is one line meant for the operator; <see cref="GeminiApp.RunAsync"/> prints it and sets
/// a non-zero exit code instead of letting a stack trace through.
/// </summary>
public sealed class GeminiStartupException : Exception
{
    /// <summary>A startup failure without a message.</summary>
    public GeminiStartupException()
    {
    }

    /// <summary>A startup failure; <paramref name="message"/> is the one line the operator sees.</summary>
    public GeminiStartupException(string message)
        : base(message)
    {
    }

    /// <summary>A startup failure caused by <paramref name="innerException"/>.</summary>
    public GeminiStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
