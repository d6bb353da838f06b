namespace GenGemini;

/// <summary>
/// Limits and time-outs (configuration <c>Gemini:Limits</c>), as Kestrel groups them: how long
/// each step may take and how many connections are served at once, globally and per address.
/// </summary>
public sealed class GeminiLimits
{
    /// <summary>How long a client has to finish the TLS handshake once it has spoken (10 s by default).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a client has to send the whole request line after the handshake (10 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long writing the whole response may take (60 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>On shutdown, how long in-flight requests may take to finish (10 s).</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connections open at once (1024). At the cap, a new connection sheds the oldest one that never
    /// sent a byte (idle, or waiting for its address's slot), else the oldest one still in its
    /// handshake or request line; when every connection is serving a request, the new one is refused.
    /// </summary>
    public int MaxConcurrentConnections { get; set; } = 1024;

    /// <summary>
    /// Connections served at once from one client address (an IPv6 client by its /64). More WAIT,
    /// un-handshaken, in the address's queue (<see cref="PerAddressQueueLimit"/>) and start as the
    /// address's connections end: a crawler, a school behind one NAT or a load test is slowed, not
    /// reset, while one address can never hold more than its cap of TLS state (64 by default).
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 64;

    /// <summary>
    /// How many connections over <see cref="MaxConnectionsPerAddress"/> may wait for a slot of their
    /// address (256 by default: a waiting socket holds a socket and no TLS state); more are refused
    /// at accept. 0 refuses at once.
    /// </summary>
    public int PerAddressQueueLimit { get; set; } = 256;

    /// <summary>How long a connection waits for a slot of its address before it is closed (5 s).</summary>
    public TimeSpan PerAddressQueueTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
