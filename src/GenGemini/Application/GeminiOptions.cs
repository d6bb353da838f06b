using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace GenGemini;

/// <summary>Everything a capsule can configure. Defaults are what a newcomer needs on localhost.</summary>
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
    /// The host names this capsule serves. A request for another host gets 53. Empty means any host.
    /// The generated certificate covers these names and localhost.
    /// </summary>
    public List<string> HostNames { get; } = [];

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

    /// <summary>A certificate given directly (wins over files).</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// SNI hook: given the host name the client asked for (null without SNI), returns the
    /// certificate to present, or null for the default one.
    /// </summary>
    public Func<string?, X509Certificate2?>? CertificateSelector { get; set; }

    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a client has to send the whole request line after the handshake.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long writing the whole response may take.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Connections beyond this wait in the listen backlog until others end.</summary>
    public int MaxConcurrentConnections { get; set; } = 1024;

    /// <summary>On shutdown, how long in-flight requests may take to finish.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS 1.3 session resumption (tickets): much cheaper returning clients.</summary>
    public bool AllowTlsResume { get; set; } = true;

    /// <summary>
    /// Run socket completions on the socket engine's own threads instead of queueing each one to
    /// the thread pool: a TLS handshake is several reads and writes, and every hop is a context
    /// switch (measured: about 20% less server CPU per request). The pipeline starts on the thread
    /// pool (one hop after the request line), so a handler that blocks does not stall other
    /// sockets; but code that resumes after awaiting socket I/O of its own (an HTTP call, an SCGI
    /// backend) resumes on the engine's thread, so it must not block there: stay async, or turn
    /// this off (as with Kestrel's UnsafePreferInlineScheduling). Takes effect only if nothing in the process used sockets before the server starts
    /// (.NET reads DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS once); an explicit value of that
    /// variable wins.
    /// </summary>
    public bool InlineSocketCompletions { get; set; } = true;

    /// <summary>
    /// With <see cref="InlineSocketCompletions"/>, start handlers on the thread that read the
    /// request line instead of handing them to the thread pool. That saves a thread hand-off,
    /// about three context switches and 6-11% of the server's CPU per request (measured: the
    /// server then costs what a bare SslStream server does). But a handler that blocks there (synchronous file or
    /// network I/O, a lock, <c>.Result</c>) stalls every connection on that thread, so turn it on
    /// only for capsules whose handlers compute in memory or stay async all the way (Kestrel's
    /// inline scheduling makes the same trade). The built-in handlers are safe with it: CGI moves
    /// itself to the thread pool, static files do when a file must be read (not for cached ones),
    /// and SCGI is asynchronous throughout.
    /// </summary>
    public bool InlineHandlers { get; set; }

    /// <summary>Where logs go; by default the console.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The lowest level the default console logger writes.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    /// <summary>
    /// Reads command-line options: --host, --port, --hostname (repeatable), --cert, --key,
    /// --cert-dir, --quiet.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown option or a missing or invalid value.</exception>
    public void ApplyArguments(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--quiet")
            {
                MinimumLogLevel = LogLevel.Warning;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option {name} needs a value.", nameof(args));
            }

            var value = args[++i];
            switch (name)
            {
                case "--host":
                    ListenAddress = value;
                    break;
                case "--port":
                    if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        throw new ArgumentException($"--port needs a number from 0 to 65535, not '{value}'.", nameof(args));
                    }

                    Port = port;
                    break;
                case "--hostname":
                    HostNames.Add(value);
                    break;
                case "--cert":
                    CertificatePath = value;
                    break;
                case "--key":
                    KeyPath = value;
                    break;
                case "--cert-dir":
                    CertificateDirectory = value;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {name}.", nameof(args));
            }
        }
    }
}
