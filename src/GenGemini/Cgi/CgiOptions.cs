namespace GenGemini.Cgi;

/// <summary>How a CGI mount runs its scripts.</summary>
public sealed class CgiOptions : GatewayOptions
{
    /// <summary>A script still running after this is killed and the client gets 42.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest output (header and body) accepted; more is 42.</summary>
    public long MaxResponseSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// At most this many scripts of the mount run at once (16 by default), so a flood of requests
    /// cannot fork the machine to a halt; a request that finds them all busy waits up to
    /// <see cref="QueueTimeout"/> for one to finish, then gets 41.
    /// </summary>
    public int MaxConcurrentScripts { get; set; } = 16;

    /// <summary>How long a request waits for a free script slot before it gets 41 (2 s by default).</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How much of a script's stderr is kept for the log (4 KiB); the rest is read and dropped.</summary>
    public int MaxStderrExcerpt { get; set; } = 4096;
}
