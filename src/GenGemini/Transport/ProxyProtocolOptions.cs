namespace GenGemini;

/// <summary>
/// The PROXY protocol (v1 and v2) on listeners behind a TCP load balancer such as HAProxy
/// (<c>send-proxy-v2</c>): the balancer's header gives the client's address, which then stands
/// everywhere (the request, the access log, REMOTE_ADDR, per-address limits, rate limits).
/// </summary>
public sealed class ProxyProtocolOptions
{
    /// <summary>Whether the default listener (and listeners that do not say) expects the header. Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The balancers' addresses (IPs or CIDRs, IPv4 or IPv6). A connection from any other address
    /// to a listener with the PROXY protocol on is closed before a byte is read. Required when it is on.
    /// </summary>
    public IList<string> TrustedProxies { get; } = new List<string>();
}
