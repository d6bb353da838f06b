namespace GenGemini.Scgi;

/// <summary>How an SCGI mount talks to its backends.</summary>
public sealed class ScgiOptions : GatewayOptions
{
    /// <summary>The default <see cref="Timeout"/>, in seconds (also [Scgi]'s).</summary>
    public const double DefaultTimeoutSeconds = 30;

    /// <summary>The default <see cref="MaxResponseSize"/>: 1 MiB (also [Scgi]'s).</summary>
    public const long DefaultMaxResponseSize = 1024 * 1024;

    /// <summary>The default <see cref="BufferSize"/> (also [Scgi]'s).</summary>
    public const int DefaultBufferSize = 8192;

    /// <summary>The smallest <see cref="BufferSize"/> accepted (the analyzers check [Scgi] against it: GG0026).</summary>
    public const int MinimumBufferSize = 512;

    /// <summary>Covers connecting and the whole response.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>
    /// Largest response (header and body) accepted; a larger one becomes 43 before anything is sent.
    /// Null means unlimited: the body is then relayed as a stream in constant memory.
    /// </summary>
    public long? MaxResponseSize { get; set; } = DefaultMaxResponseSize;

    /// <summary>Read buffer size in bytes.</summary>
    public int BufferSize { get; set; } = DefaultBufferSize;

    /// <summary>How long a backend that refused a connection is skipped while others serve.</summary>
    public TimeSpan FailureCooldown { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The SCGI timeout must be positive.");
        }

        if (MaxResponseSize is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseSize), MaxResponseSize, "The maximum response size must not be negative.");
        }

        if (BufferSize < MinimumBufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, $"The buffer size must be at least {MinimumBufferSize} bytes.");
        }
    }
}
