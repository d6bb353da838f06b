using System.Net.Security;
using GenGemini.Diagnostics;
using GenGemini.Internal;
using GenGemini.Protocol;
using Microsoft.Extensions.Logging;

namespace GenGemini.Transport;

/// <summary>
/// Everything a connection needs, handed down by the server when it makes the connection: the
/// TLS options, the protocol layer (and through it the application), the admission it counts
/// against and the pool it goes back to. A connection never reaches back up into the server.
/// </summary>
internal sealed class ConnectionServices
{
    public required GeminiProtocol Protocol { get; init; }

    public required ServerOptionsSelectionCallback TlsOptions { get; init; }

    public required ConnectionAdmission Admission { get; init; }

    public required ObjectPool<GeminiConnection> Pool { get; init; }

    public required GeminiMetrics Metrics { get; init; }

    /// <summary>Refusals, logged at most once per interval and reason.</summary>
    public required RejectionLog Rejections { get; init; }

    public required ILogger Logger { get; init; }

    /// <summary>The access log's category, GenGemini.Access.</summary>
    public required ILogger AccessLogger { get; init; }

    public required TimeSpan HandshakeTimeout { get; init; }

    public required TimeSpan RequestTimeout { get; init; }

    /// <summary>How long a connection over its address's cap waits for a slot before it is closed.</summary>
    public required TimeSpan QueueTimeout { get; init; }

    /// <summary>Fires when the server gives up waiting for in-flight requests at shutdown.</summary>
    public required CancellationToken Aborted { get; init; }
}
