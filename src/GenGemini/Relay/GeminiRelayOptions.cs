namespace GenGemini.Relay;

/// <summary>How a relay mount (<c>MapGeminiRelay</c>) talks to the Gemini server it relays to.</summary>
public sealed class GeminiRelayOptions
{
    /// <summary>Covers connecting, the TLS handshake and the response header; each read of the body gets as long again. 30 s by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The SHA-256 fingerprint (hex) of the backend's certificate. Null: the first certificate the
    /// backend presents after start is trusted, and any other one after it is refused (trust on
    /// first use, in memory: a restart trusts anew). Pin it for anything but a backend on this machine.
    /// </summary>
    public string? CertificateFingerprint { get; set; }
}
