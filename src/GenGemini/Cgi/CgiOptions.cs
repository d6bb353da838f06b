namespace GenGemini.Cgi;

/// <summary>How a CGI mount runs its scripts.</summary>
public sealed class CgiOptions : GatewayOptions
{
    /// <summary>A script still running after this is killed and the client gets 42.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest output (header and body) accepted; more is 42.</summary>
    public long MaxResponseSize { get; set; } = 16 * 1024 * 1024;
}
