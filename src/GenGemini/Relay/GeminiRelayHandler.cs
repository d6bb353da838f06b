using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GenGemini.Application;
using GenGemini.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GenGemini.Relay;

/// <summary>
/// Relays requests under a mount prefix to another Gemini server (gmid's <c>relay-to</c>): the
/// request line is rewritten to the backend's URL, the backend's certificate is checked (pinned, or
/// trusted on first use), and its response is relayed as a stream. Every failure is a 43 with a
/// fixed META; the details, the backend's address among them, go to the log only.
/// </summary>
public sealed class GeminiRelayHandler : IGeminiHandler, IMountedHandler
{
    /// <summary>The META of the 43 answered when the backend cannot be reached or its TLS fails.</summary>
    public const string ConnectFailedMeta = "Failed to connect to Gemini backend";

    /// <summary>The META of the 43 answered when the backend takes longer than the time-out.</summary>
    public const string TimeoutMeta = "Gemini backend timeout";

    /// <summary>The META of the 43 answered when the backend's header is malformed or its certificate is not the trusted one.</summary>
    public const string BackendErrorMeta = "Gemini backend error";

    private const int MaxHeaderBytes = 1024 + 5; // "NN " + META + CRLF

    private readonly Uri _backend;
    private readonly int _port; // 1965 when the URL names none
    private ILogger _logger = NullLogger.Instance;
    private string? _trusted;
    private readonly bool _pinnedByOptions;
    private string? _pinFile; // where a trust-on-first-use pin is kept (null: in memory only)
    private readonly Lock _pinLock = new();

    /// <summary>Relays to <paramref name="backendUrl"/> (<c>gemini://host:port/base/</c>), with <paramref name="options"/> (the defaults when null).</summary>
    /// <exception cref="ArgumentException">Not an absolute gemini:// URL.</exception>
    public GeminiRelayHandler(string backendUrl, GeminiRelayOptions? options)
    {
        ArgumentNullException.ThrowIfNull(backendUrl);
        if (!Uri.TryCreate(backendUrl, UriKind.Absolute, out var backend) || backend.Scheme != "gemini" || backend.Host.Length == 0)
        {
            throw new ArgumentException($"'{backendUrl}' is not a gemini:// URL.", nameof(backendUrl));
        }

        _backend = backend;
        _port = backend.IsDefaultPort ? RequestLineParser.DefaultPort : backend.Port;
        Options = options ?? new GeminiRelayOptions();
        if (Options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.Timeout, "The relay timeout must be positive.");
        }

        _trusted = Options.CertificateFingerprint?.Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        _pinnedByOptions = _trusted is not null;
    }

    /// <summary>The file name of the pin kept for this backend: its authority, made safe as a file name.</summary>
    private string PinFileName => "relay-pin-" + string.Concat(_backend.IdnHost.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'))
        + "-" + _port.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".sha256";

    /// <summary>The time-out and the certificate to trust.</summary>
    public GeminiRelayOptions Options { get; }

    void IMountedHandler.Mounted(MountServices services)
    {
        _logger = services.LoggerFactory.CreateLogger("GenGemini.Relay");
        if (_pinnedByOptions)
        {
            return;
        }

        // Trust on first use survives a restart: the pin is kept beside the generated certificates,
        // so after a restart a backend that now shows another certificate is refused, not trusted anew.
        _pinFile = Path.Combine(services.Options.Tls.CertificateDirectory, PinFileName);
        try
        {
            if (File.Exists(_pinFile) && File.ReadAllText(_pinFile).Trim() is { Length: 64 } pin && pin.All(char.IsAsciiHexDigit))
            {
                _trusted = pin.ToLowerInvariant();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            RelayLog.PinUnreadable(_logger, _backend.Authority, ex.Message);
        }
    }

    /// <summary>The backend URL <paramref name="request"/> becomes: the backend's base, then the path below the prefix, then the query.</summary>
    internal string TargetUrl(Request request)
    {
        var rawPrefix = PercentEncoding.EncodePath(request.MountPrefix);
        var rest = request.RawPath.StartsWith(rawPrefix, StringComparison.Ordinal)
            ? request.RawPath[rawPrefix.Length..]
            : PercentEncoding.EncodePath(request.PathInfo);
        var path = _backend.AbsolutePath.TrimEnd('/') + (rest.StartsWith('/') ? rest : "/" + rest);
        var authority = _port == RequestLineParser.DefaultPort ? _backend.Host : _backend.Authority;
        return $"gemini://{authority}{path}" + (request.RawQuery is { } query ? "?" + query : string.Empty);
    }

    /// <summary>Never blocks: the backend is connected to, written and read asynchronously.</summary>
    bool IGeminiHandler.NeverBlocks => true;

    /// <summary>Relays <paramref name="request"/> and its answer; a 2x body is streamed from the backend.</summary>
    public async ValueTask<Response> HandleAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = TargetUrl(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(request.RequestAborted);
        deadline.CancelAfter(Options.Timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? ssl = null;
        var handedOver = false;
        try
        {
            try
            {
                await socket.ConnectAsync(_backend.IdnHost, _port, deadline.Token).ConfigureAwait(false);
                ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = _backend.IdnHost,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null, // checked below, by fingerprint
                }, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException && !deadline.IsCancellationRequested)
            {
                RelayLog.ConnectFailed(_logger, _backend.Authority, ex.Message);
                return Response.ProxyError(ConnectFailedMeta);
            }

            if (!IsTrusted(ssl.RemoteCertificate))
            {
                return Response.ProxyError(BackendErrorMeta);
            }

            await ssl.WriteAsync(Encoding.UTF8.GetBytes(target + "\r\n"), deadline.Token).ConfigureAwait(false);
            var (header, leftover) = await ReadHeaderAsync(ssl, deadline.Token).ConfigureAwait(false);
            if (header is not { } parsed)
            {
                RelayLog.BadHeader(_logger, _backend.Authority, Diagnostics.LogValues.Escape(target));
                return Response.ProxyError(BackendErrorMeta);
            }

            if (!GeminiStatus.IsSuccess(parsed.Status))
            {
                return new Response(parsed.Status, parsed.Meta);
            }

            handedOver = true; // the body stream owns the connection from here
            return Response.Success(new RelayStream(ssl, leftover, request.RequestAborted, Options.Timeout), parsed.Meta);
        }
        catch (OperationCanceledException) when (!request.RequestAborted.IsCancellationRequested)
        {
            RelayLog.TimedOut(_logger, _backend.Authority, Diagnostics.LogValues.Escape(target));
            return Response.ProxyError(TimeoutMeta);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            RelayLog.ConnectFailed(_logger, _backend.Authority, ex.Message);
            return Response.ProxyError(BackendErrorMeta);
        }
        finally
        {
            if (!handedOver)
            {
                if (ssl is not null)
                {
                    await ssl.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    socket.Dispose();
                }
            }
        }
    }

    /// <summary>The pinned certificate, or the first one seen (kept from then on).</summary>
    private bool IsTrusted(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var x509 = new X509Certificate2(certificate);
        var fingerprint = CertificateFingerprint.Sha256(x509);
        var trusted = Volatile.Read(ref _trusted) ?? PinFirst(fingerprint);
        if (string.Equals(trusted, fingerprint, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        RelayLog.UntrustedCertificate(_logger, _backend.Authority, fingerprint, trusted);
        return false;
    }

    /// <summary>Trusts <paramref name="fingerprint"/> as the first certificate seen: logged, and kept on disk when it can be.</summary>
    private string PinFirst(string fingerprint)
    {
        lock (_pinLock)
        {
            if (_trusted is { } already)
            {
                return already;
            }

            if (_pinFile is { } file)
            {
                try
                {
                    Internal.PrivateFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
                    Internal.PrivateFiles.WriteAllText(file, fingerprint + "\n");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    RelayLog.PinUnwritable(_logger, _backend.Authority, ex.Message);
                }
            }

            RelayLog.Pinned(_logger, _backend.Authority, fingerprint);
            Volatile.Write(ref _trusted, fingerprint);
            return fingerprint;
        }
    }

    /// <summary>The backend's header (null when malformed), and what came after it in the same reads.</summary>
    private static async ValueTask<(BackendResponseHeader? Header, byte[] Leftover)> ReadHeaderAsync(SslStream ssl, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxHeaderBytes + 4096);
        try
        {
            var got = 0;
            while (true)
            {
                var read = await ssl.ReadAsync(buffer.AsMemory(got), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (null, []);
                }

                got += read;
                var end = buffer.AsSpan(0, got).IndexOf("\r\n"u8);
                if (end < 0)
                {
                    if (got >= MaxHeaderBytes)
                    {
                        return (null, []);
                    }

                    continue;
                }

                // A Gemini server answers "NN META\r\n": nothing else (no CGI or HTTP forms here).
                var line = buffer.AsSpan(0, end + 2);
                if (end < 2 || !char.IsAsciiDigit((char)line[0]) || !char.IsAsciiDigit((char)line[1]) || (end > 2 && line[2] != (byte)' ')
                    || BackendResponseParser.TryParse(line, out var header) != BackendParseStatus.Complete)
                {
                    return (null, []);
                }

                return (header, buffer.AsSpan(end + 2, got - end - 2).ToArray());
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
