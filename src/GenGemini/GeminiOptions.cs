using System.Security.Cryptography.X509Certificates;

namespace GenGemini;

/// <summary>
/// Everything a capsule can configure. Defaults are what a newcomer needs on localhost. Bound
/// from the "Gemini" configuration section (appsettings.json, <c>Gemini__Port</c> environment
/// variables, <c>--port</c> and the other command-line switches), then from code.
/// </summary>
public sealed class GeminiOptions
{
    /// <summary>
    /// The address to listen on: "localhost" (IPv4 and IPv6 loopback), "*" (every address, IPv4 and
    /// IPv6), or an IP literal.
    /// </summary>
    public string ListenAddress { get; set; } = "localhost";

    /// <summary>The TCP port; 0 picks a free one (see <see cref="GeminiApp.Port"/>).</summary>
    public int Port { get; set; } = 1965;

    /// <summary>
    /// Several listeners, each with its address, port and PROXY protocol setting; when any is given,
    /// they replace <see cref="ListenAddress"/> and <see cref="Port"/>. Sockets passed by systemd
    /// (socket activation) replace both.
    /// </summary>
    public IList<ListenerOptions> Listeners { get; } = new List<ListenerOptions>();

    /// <summary>The PROXY protocol, for listeners behind a TCP load balancer.</summary>
    public ProxyProtocolOptions ProxyProtocol { get; } = new();

    /// <summary>
    /// The host names this capsule serves; a request for another host gets 53. Empty means
    /// localhost, the loopback addresses, this machine's host name and the names the certificate
    /// covers; "*" means any host; "*.example.org" one label under it. The generated certificate
    /// covers these names and localhost.
    /// </summary>
    public IList<string> HostNames { get; } = new List<string>();

    /// <summary>Hosts with certificates (and static roots) of their own, chosen by SNI; each is a served host.</summary>
    public IDictionary<string, GeminiHostOptions> Hosts { get; } = new Dictionary<string, GeminiHostOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The port that clients put in URLs, when it differs from <see cref="Port"/> (behind a port
    /// forward). A request naming another port gets 53.
    /// </summary>
    public int? PublicPort { get; set; }

    /// <summary>PEM certificate file; with <see cref="KeyPath"/>, replaces the generated certificate.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private-key file for <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Where the generated self-signed certificate is kept between runs.</summary>
    public string CertificateDirectory { get; set; } = ".certificates";

    /// <summary>
    /// Presents <paramref name="certificate"/> (with its private key) instead of the PEM files or
    /// the generated certificate. A method, not a property: a certificate comes from code, never
    /// from configuration.
    /// </summary>
    public GeminiOptions UseCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _certificate = certificate;
        return this;
    }

    // A field, so that the configuration binder never looks into X509Certificate2.
    private X509Certificate2? _certificate;

    /// <summary>The parsed <see cref="Access"/> lists (checked by the options validator first).</summary>
    internal NetworkAccessList GetAccessList() => Access.Allow.Count == 0 && Access.Deny.Count == 0
        ? NetworkAccessList.AllowAll
        : NetworkAccessList.Parse(Access.Allow, Access.Deny);

    /// <summary>The balancers the PROXY protocol is accepted from.</summary>
    internal NetworkAccessList GetTrustedProxies() => ProxyProtocol.TrustedProxies.Count == 0
        ? NetworkAccessList.Parse(deny: ["0.0.0.0/0", "::/0"])
        : NetworkAccessList.Parse(ProxyProtocol.TrustedProxies);

    /// <summary>What to listen on: <see cref="Listeners"/>, else <see cref="ListenAddress"/> and <see cref="Port"/>; each with its PROXY setting.</summary>
    internal IReadOnlyList<(string Address, int Port, bool ProxyProtocol)> GetListeners() => Listeners.Count == 0
        ? [(ListenAddress, Port, ProxyProtocol.Enabled)]
        : [.. Listeners.Select(l => (l.Address, l.Port, l.ProxyProtocol ?? ProxyProtocol.Enabled))];

    /// <summary>The certificate given by <see cref="UseCertificate"/>, if any.</summary>
    internal X509Certificate2? GetGivenCertificate() => _certificate;

    /// <summary>
    /// SNI hook: given the host name the client asked for (null without SNI), returns the
    /// certificate to present, or null for the default one. Code only, never configuration.
    /// </summary>
    public Func<string?, X509Certificate2?>? CertificateSelector { get; set; }

    /// <summary>How long a client has to finish the TLS handshake once it has spoken (10 s by default).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a client has to send the whole request line after the handshake.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long writing the whole response may take.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Connections open at once. At the cap, a new connection sheds the oldest one that never sent
    /// a byte (idle, or waiting for its address's slot), else the oldest one still in its handshake
    /// or request line; when every connection is serving a request, the new one is refused.
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
    /// address (256 by default: a waiting socket holds a few hundred bytes and no TLS); more are
    /// refused at accept. 0 refuses at once, as before.
    /// </summary>
    public int PerAddressQueueLimit { get; set; } = 256;

    /// <summary>How long a connection waits for a slot of its address before it is closed (5 s).</summary>
    public TimeSpan PerAddressQueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Certificate policies for [RequireCertificate(Policy = ...)]: each a list of certificate or
    /// public-key hashes (lower-case hex SHA-256).
    /// </summary>
    public IDictionary<string, IList<string>> CertificatePolicies { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Titan uploads: the default size limit and the accepted tokens.</summary>
    public TitanOptions Titan { get; } = new();

    /// <summary>Rate limits: a global policy and named ones; over a limit the client gets <c>44 seconds</c>.</summary>
    public RateLimitOptions RateLimit { get; } = new();

    /// <summary>Which client addresses may connect at all (checked at accept, before TLS).</summary>
    public NetworkAccessOptions Access { get; } = new();

    /// <summary>On shutdown, how long in-flight requests may take to finish.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS 1.3 session resumption (tickets): much cheaper returning clients.</summary>
    public bool AllowTlsResume { get; set; } = true;

    /// <summary>
    /// Run socket completions on the socket engine's own threads instead of queueing each one to
    /// the thread pool: a TLS handshake is several reads and writes, and every hop is a context
    /// switch (measured: about 20% less server CPU per request). Handlers that may block start on
    /// the thread pool (<see cref="HandlerScheduling"/>), so they do not stall other sockets; but
    /// code that resumes after awaiting socket I/O of its own (an HTTP call, an SCGI
    /// backend) resumes on the engine's thread, so it must not block there: stay async, or turn
    /// this off (as with Kestrel's UnsafePreferInlineScheduling). Takes effect only if nothing in the process used sockets before the server starts
    /// (.NET reads DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS once); an explicit value of that
    /// variable wins.
    /// </summary>
    public bool InlineSocketCompletions { get; set; } = true;

    /// <summary>
    /// With <see cref="InlineSocketCompletions"/>, where handlers start: by default
    /// (<see cref="GenGemini.HandlerScheduling.Automatic"/>) on the thread that read the request for
    /// synchronous route handlers and the built-in handlers, on the thread pool for the rest;
    /// <see cref="GenGemini.HandlerScheduling.ThreadPool"/> moves every request there first,
    /// <see cref="GenGemini.HandlerScheduling.Inline"/> none. Configuration:
    /// <c>Gemini:HandlerScheduling</c>.
    /// </summary>
    public HandlerScheduling HandlerScheduling { get; set; } = HandlerScheduling.Automatic;
}
