namespace GenGemini;

/// <summary>
/// An operator's mistake found at start (a bad option, a missing PEM file, a port in use). Its
/// message is one line meant for the operator; <see cref="GeminiApp.RunAsync"/> prints it and sets
/// a non-zero exit code instead of letting a stack trace through.
/// </summary>
public sealed class GeminiStartupException : Exception
{
    public GeminiStartupException()
    {
    }

    public GeminiStartupException(string message)
        : base(message)
    {
    }

    public GeminiStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
