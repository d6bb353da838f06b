using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Protocol;

namespace GenGemini;

/// <summary>One Gemini request: the parsed URI and what the TLS connection tells about the client.</summary>
public sealed class Request
{
    private readonly GeminiExchange _exchange;
    private Dictionary<string, object?>? _items;

    /// <summary>Made by the protocol layer with its exchange (<c>TestClient</c> makes requests for tests).</summary>
    internal Request(GeminiExchange exchange, GeminiUri uri, ConnectionInfo connection, CancellationToken aborted)
    {
        _exchange = exchange;
        Uri = uri;
        Connection = connection;
        RequestAborted = aborted;
    }

    /// <summary>The server's state for this request (route, mount, upload, scope).</summary>
    internal GeminiExchange Exchange => _exchange;

    /// <summary>The parsed URL.</summary>
    public GeminiUri Uri { get; }

    /// <summary>The URL exactly as the client sent it.</summary>
    public string Url => Uri.Url;

    /// <summary>The host the URL names, lower-cased.</summary>
    public string Host => Uri.Host;

    /// <summary>The port the URL names (1965 when it names none).</summary>
    public int Port => Uri.Port;

    /// <summary>Percent-decoded path; "/" for an empty path.</summary>
    public string Path => Uri.Path;

    /// <summary>The path as sent, still percent-encoded.</summary>
    public string RawPath => Uri.RawPath;

    /// <summary>The query as sent (without '?'), or null.</summary>
    public string? RawQuery => Uri.RawQuery;

    /// <summary>The percent-decoded query ('+' stays '+'), or null when the URI has no '?'.</summary>
    public string? Query => Uri.Query;

    /// <summary>What the TLS connection tells about the client.</summary>
    public ConnectionInfo Connection { get; }

    /// <summary>The client's address and port, when known.</summary>
    public IPEndPoint? RemoteEndPoint => Connection.RemoteEndPoint;

    /// <summary>The certificate the client presented, or null.</summary>
    public X509Certificate2? ClientCertificate => Connection.ClientCertificate;

    /// <summary>Lower-case hex SHA-256 of the client certificate's DER bytes, or null.</summary>
    public string? ClientCertificateHash => Connection.ClientCertificateHash;

    /// <summary>Lower-case hex SHA-256 of the client certificate's public key (SubjectPublicKeyInfo), or null: an identity that survives renewal with the same key.</summary>
    public string? ClientPublicKeyHash => Connection.ClientPublicKeyHash;

    /// <summary>Whether the client presented a certificate.</summary>
    public bool HasClientCertificate => Connection.ClientCertificateHash is not null;

    /// <summary>The TLS version negotiated.</summary>
    public SslProtocols TlsProtocol => Connection.TlsProtocol;

    /// <summary>The cipher suite negotiated, or null.</summary>
    public string? TlsCipher => Connection.TlsCipher;

    /// <summary>The prefix of the mount that handles this request ("" outside mounts).</summary>
    public string MountPrefix => _exchange.MountPrefix;

    /// <summary>The decoded path below <see cref="MountPrefix"/> (the whole path outside mounts).</summary>
    public string PathInfo => _exchange.PathInfo;

    /// <summary>Fires when the client goes away or the server shuts down.</summary>
    public CancellationToken RequestAborted { get; }

    /// <summary>A titan:// request's complete upload, once read (what a [Titan] handler gets).</summary>
    public TitanUpload? Upload => _exchange.Upload;

    /// <summary>The route template or mount prefix that serves this request, once routed (for logs and metrics).</summary>
    public string? Route => _exchange.Route;

    /// <summary>
    /// This request's services: a scope of the app's container, made on first use and disposed
    /// once the response is written (scoped services live exactly as long as the request).
    /// </summary>
    public IServiceProvider Services => _exchange.Services;

    /// <summary>Per-request state shared by middleware and handlers.</summary>
    public IDictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);
}
