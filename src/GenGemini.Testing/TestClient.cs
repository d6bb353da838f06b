using System.Text;
using GenGemini.Protocol;

namespace GenGemini.Testing;

/// <summary>
/// Runs requests through a capsule's whole pipeline (request-line validation, middleware,
/// mounts, routes) in memory: no sockets, no TLS.
/// </summary>
#pragma warning disable RS0026 // Several overloads with optional parameters: a trailing CancellationToken = default, as .NET's own async APIs have (as in ASP.NET Core).
public sealed class TestClient
{
    private readonly GeminiApp _app;

    /// <summary>A client of <paramref name="app"/> that puts <paramref name="host"/> into the URLs it builds from paths.</summary>
    public TestClient(GeminiApp app, string host = "localhost")
    {
        _app = app;
        Host = host;
    }

    /// <summary>The host put into request URLs built from a path.</summary>
    public string Host { get; }

    /// <summary>The client-certificate identity presented (lower-case hex SHA-256), or null for none.</summary>
    public string? ClientCertificateHash { get; set; }

    /// <summary>The client's public-key identity (SHA-256 of its SubjectPublicKeyInfo); the certificate hash when not set.</summary>
    public string? ClientPublicKeyHash { get; set; }

    /// <summary>Returns a client that presents the given certificate fingerprint.</summary>
    public TestClient WithCertificate(string sha256Fingerprint) =>
        new(_app, Host) { ClientCertificateHash = sha256Fingerprint.ToLowerInvariant() };

    /// <summary>Requests a path ("/a?b") or an absolute URL ("gemini://host/a").</summary>
    public Task<TestResponse> GetAsync(string pathOrUrl, CancellationToken cancellationToken = default)
    {
        // A URL has its scheme before any query ("/search?gemini://x" is a path with a query).
        var scheme = pathOrUrl.IndexOf("://", StringComparison.Ordinal);
        var query = pathOrUrl.IndexOf('?', StringComparison.Ordinal);
        var url = scheme >= 0 && (query < 0 || scheme < query) ? pathOrUrl : $"gemini://{Host}{pathOrUrl}";
        return SendRawAsync(Encoding.UTF8.GetBytes(url + "\r\n"), cancellationToken);
    }

    /// <summary>Answers an input prompt: requests <paramref name="path"/> with <paramref name="input"/> percent-encoded as its query.</summary>
    public Task<TestResponse> InputAsync(string path, string input, CancellationToken cancellationToken = default) =>
        GetAsync(path + "?" + PercentEncoding.EncodeQuery(input), cancellationToken);

    /// <summary>
    /// Uploads <paramref name="content"/> with Titan to <paramref name="path"/>
    /// (<c>titan://host/path;mime=...;size=...;token=...</c>, then the bytes).
    /// </summary>
    public Task<TestResponse> UploadAsync(string path, byte[] content, string mimeType = "text/gemini", string? token = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var url = $"titan://{Host}{path};mime={PercentEncoding.EncodeQuery(mimeType)};size={content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            + (token is null ? string.Empty : ";token=" + PercentEncoding.EncodeQuery(token));
        return SendRawAsync(Encoding.UTF8.GetBytes(url + "\r\n"), content, cancellationToken);
    }

    /// <summary>Uploads text (UTF-8) with Titan.</summary>
    public Task<TestResponse> UploadAsync(string path, string text, string mimeType = "text/gemini", string? token = null, CancellationToken cancellationToken = default) =>
        UploadAsync(path, Encoding.UTF8.GetBytes(text), mimeType, token, cancellationToken);

    /// <summary>A Titan delete: an upload of size 0.</summary>
    public Task<TestResponse> DeleteAsync(string path, string? token = null, CancellationToken cancellationToken = default) =>
        UploadAsync(path, [], "text/gemini", token, cancellationToken);

    /// <summary>Sends raw request bytes, exactly as a client would write them (CRLF included).</summary>
    public Task<TestResponse> SendRawAsync(byte[] requestLine, CancellationToken cancellationToken = default) =>
        SendRawAsync(requestLine, [], cancellationToken);

    /// <summary>
    /// Sends a raw request line and, for a titan:// request, the bytes that follow it (a short one
    /// is never answered: the server closes the connection, and this throws <see cref="IOException"/>).
    /// </summary>
    /// <exception cref="IOException">The server closed the connection without a response header.</exception>
    public async Task<TestResponse> SendRawAsync(byte[] requestLine, byte[] body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestLine);
        ArgumentNullException.ThrowIfNull(body);
        // The server's own protocol layer, over an in-memory stream instead of TLS: the same code
        // reads the request line and writes the response.
        var application = _app.Application;
        var options = _app.Options;
        var protocol = new GeminiProtocol(application, options.Limits.RequestTimeout, options.Limits.ResponseTimeout, options.Titan.MaxUploadBytesInFlight, _app.Logger);
        var (client, server) = InMemoryConnection.Create();
        var connection = ClientCertificateHash is null ? ConnectionInfo.None : new ConnectionInfo(ClientCertificateHash, ClientPublicKeyHash?.ToLowerInvariant());
        var serving = ServeAsync(protocol, server, connection, options.PublicPort ?? RequestLineParser.DefaultPort, cancellationToken);
        await using (client.ConfigureAwait(false))
        {
            await client.WriteAsync(requestLine, cancellationToken).ConfigureAwait(false);
            await client.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            await client.FlushAsync(cancellationToken).ConfigureAwait(false);
            // The whole request is given: the client sends nothing more (a short upload stays short).
            InMemoryConnection.CompleteWrites(client);
            using var received = new MemoryStream();
            await client.CopyToAsync(received, cancellationToken).ConfigureAwait(false);
            await serving.ConfigureAwait(false);
            return TestResponse.Parse(received.ToArray());
        }
    }

    private static async Task ServeAsync(GeminiProtocol protocol, Stream server, ConnectionInfo connection, int port, CancellationToken cancellationToken)
    {
        await using (server.ConfigureAwait(false))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var line = await protocol.ReadRequestLineAsync(server, port, timeout.Token).ConfigureAwait(false);
            if (!line.IsAbsent)
            {
                await protocol.RespondAsync(server, line, connection, timeout, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
#pragma warning restore RS0026
