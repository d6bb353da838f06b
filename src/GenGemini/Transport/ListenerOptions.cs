namespace GenGemini;

/// <summary>
/// One address and port to listen on (<c>Gemini:Listeners</c>). With none configured, the capsule
/// listens on <see cref="GeminiOptions.ListenAddress"/> and <see cref="GeminiOptions.Port"/>.
/// </summary>
public sealed class ListenerOptions
{
    /// <summary>"localhost", "*" or an IP literal, as <see cref="GeminiOptions.ListenAddress"/>.</summary>
    public string Address { get; set; } = "localhost";

    /// <summary>The TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 1965;

    /// <summary>Whether this listener expects a PROXY protocol header; null: <see cref="ProxyProtocolOptions.Enabled"/>.</summary>
    public bool? ProxyProtocol { get; set; }
}
