using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Protocol;

namespace GenGemini.Server;

/// <summary>One connection, one request: handshake, request line, response, close_notify.</summary>
internal sealed class GeminiConnection
{
    /// <summary>Bodies up to this size go out in the same TLS write as the header.</summary>
    private const int CoalesceLimit = 16 * 1024;

    private readonly GeminiServer _server;
    private readonly Socket _socket;
    private readonly IPEndPoint? _remote;

    public GeminiConnection(GeminiServer server, Socket socket)
    {
        _server = server;
        _socket = socket;
        _remote = socket.RemoteEndPoint as IPEndPoint;
    }

    // Pooled state machines: a connection's awaits nearly always complete asynchronously, and
    // without pooling each async method allocates its box per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync()
    {
        var app = _server.App;
        var options = app.Options;
        var started = Stopwatch.GetTimestamp();
        _socket.NoDelay = true;
        var ssl = new SslStream(new NetworkStream(_socket, ownsSocket: true), leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_server.Aborted);
        try
        {
            timeout.CancelAfter(options.HandshakeTimeout);
            try
            {
                await ssl.AuthenticateAsServerAsync(_server.OptionsCallback, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException or SocketException)
            {
                Log.ConnectionDropped(app.Logger, _remote, timeout.IsCancellationRequested ? "TLS handshake timed out" : "TLS handshake failed: " + ex.Message);
                return;
            }

            timeout.CancelAfter(options.RequestTimeout);
            var (uri, requestError) = await ReadRequestLineAsync(ssl, timeout.Token).ConfigureAwait(false);
            if (uri is null && requestError is null)
            {
                return; // timed out or the client went away: nothing to answer
            }

            Response response;
            string url;
            if (requestError is { } error)
            {
                response = new Response(error.Status, error.Meta);
                url = "-";
            }
            else if (!app.ServesAuthority(uri!, _server.Port))
            {
                response = Response.ProxyRequestRefused();
                url = uri!.Url;
            }
            else
            {
                url = uri!.Url;
                var connection = new ConnectionInfo(_remote, ssl.RemoteCertificate as X509Certificate2, ssl.SslProtocol, ssl.NegotiatedCipherSuite, _socket.LocalEndPoint as IPEndPoint);
                // The handler's own time is not limited here (SCGI and CGI have their own timeouts);
                // it is cancelled on shutdown.
                timeout.CancelAfter(Timeout.InfiniteTimeSpan);
                if (options.InlineSocketCompletions)
                {
                    // Socket completions may run on the socket engine's thread: leave it before user code.
                    await Task.Yield();
                }

                response = await app.ProcessAsync(new Request(uri, connection, _server.Aborted)).ConfigureAwait(false);
            }

            timeout.CancelAfter(options.ResponseTimeout);
            var bytes = await WriteResponseAsync(ssl, response, timeout.Token).ConfigureAwait(false);
            if (bytes >= 0)
            {
                // close_notify, so the client knows the body is complete.
                await ssl.ShutdownAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
            }

            Log.Access(app.Logger, DateTime.UtcNow, _remote, url, (int)response.Status, Math.Max(bytes, 0), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            Log.ConnectionDropped(app.Logger, _remote, ex.Message);
        }
        finally
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads up to the CRLF and parses the URI while its bytes are still in the pipe's buffer.
    /// Returns the URI, or the error to answer with, or neither when the client is gone or too
    /// slow (then the connection is simply closed).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<(GeminiUri? Uri, RequestError? Error)> ReadRequestLineAsync(SslStream ssl, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(ssl, new StreamPipeReaderOptions(bufferSize: 2048, minimumReadSize: 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    return (null, null);
                }

                var buffer = result.Buffer;
                var scan = ScanAndParse(buffer, out var uri, out var parseError);
                switch (scan)
                {
                    case RequestLineScan.Complete:
                        return uri is null ? (null, parseError) : (uri, null);
                    case RequestLineScan.Incomplete when result.IsCompleted:
                        return buffer.IsEmpty ? (null, null) : (null, RequestLineParser.ScanError(RequestLineScan.Incomplete));
                    case RequestLineScan.Incomplete:
                        reader.AdvanceTo(buffer.Start, buffer.End);
                        break;
                    default:
                        return (null, RequestLineParser.ScanError(scan));
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static RequestLineScan ScanAndParse(ReadOnlySequence<byte> buffer, out GeminiUri? uri, out RequestError error)
    {
        uri = null;
        error = default;
        var window = buffer.Length > RequestLineParser.MaxUriBytes + 2 ? buffer.Slice(0, RequestLineParser.MaxUriBytes + 2) : buffer;
        // The common case, one segment, is parsed in place; a line split across segments is copied once.
        var bytes = window.IsSingleSegment ? window.FirstSpan : window.ToArray();
        var scan = RequestLineParser.Scan(bytes, out var length);
        if (scan == RequestLineScan.Complete)
        {
            RequestLineParser.TryParse(bytes[..length], out uri, out error);
        }
        else if (scan == RequestLineScan.Incomplete && buffer.Length >= RequestLineParser.MaxUriBytes + 2)
        {
            scan = RequestLineScan.TooLong;
        }

        return scan;
    }

    /// <summary>Writes header and body; returns the body bytes written, or -1 when the client went away.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long> WriteResponseAsync(SslStream ssl, Response response, CancellationToken cancellationToken)
    {
        var body = response.Body;
        var buffer = ArrayPool<byte>.Shared.Rent(ResponseHeaderWriter.MaxHeaderBytes + Math.Min(body.Length, CoalesceLimit));
        try
        {
            var length = ResponseHeaderWriter.Write(buffer, response.Status, response.Meta);
            long written = 0;
            if (body.Length <= CoalesceLimit)
            {
                body.Span.CopyTo(buffer.AsSpan(length));
                await ssl.WriteAsync(buffer.AsMemory(0, length + body.Length), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ssl.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                await ssl.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            }

            written += body.Length;
            if (response.BodyStream is { } stream)
            {
                await using (stream.ConfigureAwait(false))
                {
                    written += await CopyAsync(stream, ssl, cancellationToken).ConfigureAwait(false);
                }
            }

            await ssl.FlushAsync(cancellationToken).ConfigureAwait(false);
            return written;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            Log.WriteFailed(_server.App.Logger, _remote, ex.Message);
            return -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (response.BodyStream is { } stream)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<long> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
