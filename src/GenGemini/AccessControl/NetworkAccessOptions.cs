namespace GenGemini;

/// <summary>
/// App-wide network access (<c>Gemini:Access:Allow</c>, <c>Gemini:Access:Deny</c>): IPs and CIDR
/// ranges. A denied client is closed at accept, before TLS. See <see cref="NetworkAccessList"/>.
/// </summary>
public sealed class NetworkAccessOptions
{
    /// <summary>When not empty, only these addresses may connect.</summary>
    public IList<string> Allow { get; } = new List<string>();

    /// <summary>These addresses may never connect (deny wins over allow).</summary>
    public IList<string> Deny { get; } = new List<string>();
}
