using System.ComponentModel;
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

    /// <summary>
    /// The language of the capsule's gemtext pages (<c>"en"</c>, <c>"de-CH"</c>, or several tags
    /// separated by commas): added as <c>; lang=</c> to the <c>text/gemini</c> a handler's string
    /// or <see cref="Gemtext"/> gets. A host's <see cref="GeminiHostOptions.Language"/> and a
    /// route's own Language win. None by default (<c>Gemini:Language</c>).
    /// </summary>
    public string? Language { get; set; }

    /// <summary>TLS and certificates (<c>Gemini:Tls</c>).</summary>
    public GeminiTlsOptions Tls { get; } = new();

    /// <summary>Limits and time-outs (<c>Gemini:Limits</c>).</summary>
    public GeminiLimits Limits { get; } = new();

    /// <summary>Presents <paramref name="certificate"/>: the same as <c>Tls.UseCertificate</c>.</summary>
    public GeminiOptions UseCertificate(X509Certificate2 certificate)
    {
        Tls.UseCertificate(certificate);
        return this;
    }

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
    internal X509Certificate2? GetGivenCertificate() => Tls.GetGivenCertificate();

    /// <summary>
    /// Certificate policies for [RequireCertificate(Policy = ...)]: each a list of certificate or
    /// public-key hashes (lower-case hex SHA-256).
    /// </summary>
    public IDictionary<string, IList<string>> CertificatePolicies { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Lines for the generated <c>/robots.txt</c>, by user agent (<c>*</c>, or Gemini's virtual agents
    /// <c>archiver</c>, <c>indexer</c>, <c>researcher</c>, <c>webproxy</c>): each a path to disallow
    /// (<c>/private</c>) or a whole line (<c>Allow: /public</c>). Configuration: <c>Gemini:Robots:archiver:0</c>.
    /// </summary>
    public IDictionary<string, IList<string>> Robots { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The cache of certificate identities ([FromCertificate]; <c>Gemini:Identities</c>).</summary>
    public IdentityOptions Identities { get; } = new();

    /// <summary>Titan uploads: the default size limit and the accepted tokens.</summary>
    public TitanOptions Titan { get; } = new();

    /// <summary>Rate limits: a global policy and named ones; over a limit the client gets <c>44 seconds</c>.</summary>
    public RateLimitOptions RateLimit { get; } = new();

    /// <summary>Which client addresses may connect at all (checked at accept, before TLS).</summary>
    public NetworkAccessOptions Access { get; } = new();

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

    // The flat names of 0.1, kept until 1.1 so that code and configuration written for them keep
    // working (a configuration key under its old name is warned about at start, see
    // docs/migration.md). Hidden from IntelliSense; not [Obsolete], so that a consumer building
    // with warnings as errors is not broken by an upgrade.

    /// <summary>Moved to <see cref="GeminiTlsOptions.CertificatePath"/> (<c>Gemini:Tls:CertificatePath</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? CertificatePath { get => Tls.CertificatePath; set => Tls.CertificatePath = value; }

    /// <summary>Moved to <see cref="GeminiTlsOptions.KeyPath"/> (<c>Gemini:Tls:KeyPath</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string? KeyPath { get => Tls.KeyPath; set => Tls.KeyPath = value; }

    /// <summary>Moved to <see cref="GeminiTlsOptions.CertificateDirectory"/> (<c>Gemini:Tls:CertificateDirectory</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public string CertificateDirectory { get => Tls.CertificateDirectory; set => Tls.CertificateDirectory = value; }

    /// <summary>Moved to <see cref="GeminiTlsOptions.AllowResume"/> (<c>Gemini:Tls:AllowResume</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool AllowTlsResume { get => Tls.AllowResume; set => Tls.AllowResume = value; }

    /// <summary>Moved to <see cref="GeminiTlsOptions.CertificateSelector"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Func<string?, X509Certificate2?>? CertificateSelector { get => Tls.CertificateSelector; set => Tls.CertificateSelector = value; }

    /// <summary>Moved to <see cref="GeminiLimits.HandshakeTimeout"/> (<c>Gemini:Limits:HandshakeTimeout</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan HandshakeTimeout { get => Limits.HandshakeTimeout; set => Limits.HandshakeTimeout = value; }

    /// <summary>Moved to <see cref="GeminiLimits.RequestTimeout"/> (<c>Gemini:Limits:RequestTimeout</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan RequestTimeout { get => Limits.RequestTimeout; set => Limits.RequestTimeout = value; }

    /// <summary>Moved to <see cref="GeminiLimits.ResponseTimeout"/> (<c>Gemini:Limits:ResponseTimeout</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan ResponseTimeout { get => Limits.ResponseTimeout; set => Limits.ResponseTimeout = value; }

    /// <summary>Moved to <see cref="GeminiLimits.ShutdownGracePeriod"/> (<c>Gemini:Limits:ShutdownGracePeriod</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan ShutdownGracePeriod { get => Limits.ShutdownGracePeriod; set => Limits.ShutdownGracePeriod = value; }

    /// <summary>Moved to <see cref="GeminiLimits.MaxConcurrentConnections"/> (<c>Gemini:Limits:MaxConcurrentConnections</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int MaxConcurrentConnections { get => Limits.MaxConcurrentConnections; set => Limits.MaxConcurrentConnections = value; }

    /// <summary>Moved to <see cref="GeminiLimits.MaxConnectionsPerAddress"/> (<c>Gemini:Limits:MaxConnectionsPerAddress</c>).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int MaxConnectionsPerAddress { get => Limits.MaxConnectionsPerAddress; set => Limits.MaxConnectionsPerAddress = value; }

    /// <summary>The configuration keys of 0.1 and where each moved (warned about at start when used).</summary>
    internal static IReadOnlyDictionary<string, string> MovedKeys { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["CertificatePath"] = "Tls:CertificatePath",
        ["KeyPath"] = "Tls:KeyPath",
        ["CertificateDirectory"] = "Tls:CertificateDirectory",
        ["AllowTlsResume"] = "Tls:AllowResume",
        ["HandshakeTimeout"] = "Limits:HandshakeTimeout",
        ["RequestTimeout"] = "Limits:RequestTimeout",
        ["ResponseTimeout"] = "Limits:ResponseTimeout",
        ["ShutdownGracePeriod"] = "Limits:ShutdownGracePeriod",
        ["MaxConcurrentConnections"] = "Limits:MaxConcurrentConnections",
        ["MaxConnectionsPerAddress"] = "Limits:MaxConnectionsPerAddress",
    };
}
