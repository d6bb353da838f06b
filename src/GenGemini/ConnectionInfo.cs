using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace GenGemini;

/// <summary>What the transport knows about the client.</summary>
public sealed class ConnectionInfo
{
    private readonly TlsCipherSuite? _cipherSuite;
    private string? _tlsCipher;
    private System.Net.Sockets.Socket? _socket;
    private IPEndPoint? _localEndPoint;
    private string? _publicKeyHash;

    /// <summary>No connection: what a request made in memory has (no address, no certificate, no TLS).</summary>
    public static readonly ConnectionInfo None = new(null, null, SslProtocols.None, null);

    /// <summary>What the TLS connection tells about the client.</summary>
    public ConnectionInfo(IPEndPoint? remoteEndPoint, X509Certificate2? clientCertificate, SslProtocols tlsProtocol, string? tlsCipher, IPEndPoint? localEndPoint = null)
    {
        RemoteEndPoint = remoteEndPoint;
        _localEndPoint = localEndPoint;
        ClientCertificate = clientCertificate;
        ClientCertificateHash = clientCertificate is null ? null : CertificateFingerprint.Sha256(clientCertificate);
        TlsProtocol = tlsProtocol;
        _tlsCipher = tlsCipher;
    }

    /// <summary>The server's view: the cipher suite's name and the local address are made only if someone asks for them.</summary>
    internal ConnectionInfo(IPEndPoint? remoteEndPoint, X509Certificate2? clientCertificate, SslProtocols tlsProtocol, TlsCipherSuite cipherSuite, System.Net.Sockets.Socket socket)
        : this(remoteEndPoint, clientCertificate, tlsProtocol, (string?)null)
    {
        _cipherSuite = cipherSuite;
        _socket = socket;
    }

    /// <summary>For the in-memory test client: an identity without a real certificate.</summary>
    internal ConnectionInfo(string clientCertificateHash, string? publicKeyHash = null)
        : this(null, null, SslProtocols.Tls13, null)
    {
        ClientCertificateHash = clientCertificateHash;
        _publicKeyHash = publicKeyHash ?? clientCertificateHash;
    }

    /// <summary>The client's address and port, when known.</summary>
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>The server's address the client connected to.</summary>
    public IPEndPoint? LocalEndPoint
    {
        get
        {
            if (_localEndPoint is null && _socket is { } socket)
            {
                try
                {
                    _localEndPoint = socket.LocalEndPoint as IPEndPoint;
                }
                catch (ObjectDisposedException)
                {
                    // Asked after the connection closed.
                }

                _socket = null;
            }

            return _localEndPoint;
        }
    }

    /// <summary>The certificate the client presented, or null.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Lower-case hex SHA-256 of the client certificate's DER bytes, or null.</summary>
    public string? ClientCertificateHash { get; }

    /// <summary>
    /// Lower-case hex SHA-256 of the client certificate's SubjectPublicKeyInfo (DER): the same for
    /// every certificate made from one key, so an identity survives the certificate's renewal.
    /// </summary>
    public string? ClientPublicKeyHash => _publicKeyHash ??= ClientCertificate is { } certificate
        ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()))
        : null;

    /// <summary>The TLS version negotiated (<see cref="SslProtocols.None"/> in memory).</summary>
    public SslProtocols TlsProtocol { get; }

    /// <summary>The cipher suite negotiated, by its IANA name, or null.</summary>
    public string? TlsCipher => _tlsCipher ??= _cipherSuite?.ToString();
}
