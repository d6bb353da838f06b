using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Internal;
using GenGemini.Protocol;

namespace GenGemini.Server;

/// <summary>
/// One connection, one request: handshake, request line, response, close_notify. Instances are
/// pooled by <see cref="GeminiServer"/> with their timeout source and their state machine, so a
/// request allocates only what TLS and the user's code need.
/// </summary>
internal sealed class GeminiConnection
{
    /// <summary>Bodies up to this size go out in the same TLS write as the header.</summary>
    private const int CoalesceLimit = 16 * 1024;

    private readonly GeminiServer _server;

    // Handshake, request and response limits, and the server's abort, all through one source
    // that is reset and reused by the next connection (its timer with it).
    private readonly CancellationTokenSource _timeout = new();
    private readonly Action _onRunCompleted;
    private Socket _socket = null!;
    private long _accepted;
    private IPEndPoint? _remote;
    private IPAddress _address = IPAddress.None;
    private ValueTask _run;

    public GeminiConnection(GeminiServer server)
    {
        _server = server;
        _onRunCompleted = OnRunCompleted;
    }

    // The server's list of connections that have not sent their request line yet (oldest first),
    // kept by ConnectionAdmission under its lock.
    internal GeminiConnection? WaitingPrevious { get; set; }

    internal GeminiConnection? WaitingNext { get; set; }

    internal bool IsWaiting { get; set; }

    /// <summary>Whether this connection was shed to make room (its slot was given away then).</summary>
    internal bool WasShed { get; private set; }

    /// <summary>Ends this connection to make room for a new one (called under the admission lock).</summary>
    internal void Shed()
    {
        WasShed = true;
        _ = _timeout.CancelAsync();
    }

    /// <summary>Serves <paramref name="socket"/> in the background; the server is told when it ends.</summary>
    public void Start(Socket socket, IPEndPoint? remote, IPAddress address)
    {
        _socket = socket;
        _accepted = Stopwatch.GetTimestamp();
        _remote = remote;
        _address = address;
        WasShed = false;
        _server.StartWaiting(this);
        var run = RunAsync();
        if (run.IsCompleted)
        {
            Finish(run);
        }
        else
        {
            // Awaited here rather than dropped, so the pooled state machine goes back to its pool.
            _run = run;
            run.GetAwaiter().UnsafeOnCompleted(_onRunCompleted);
        }
    }

    private void OnRunCompleted()
    {
        var run = _run;
        _run = default;
        Finish(run);
    }

    private void Finish(ValueTask run)
    {
        try
        {
            run.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            // RunAsync handles its own faults; this is the last guard of the accept loop.
            Log.HandlerFailed(_server.App.Logger, "connection", ex);
        }

        _server.Metrics.ConnectionClosed(_accepted, stillCounted: !WasShed);
        var address = _address;
        _socket = null!;
        _remote = null;
        _address = IPAddress.None;
        // A source that fired (a timeout, a shed or the server's abort) can't be reused: drop it.
        var reusable = _timeout.TryReset();
        _server.ConnectionEnded(this, address, reusable);
    }

    // Pooled state machines: a connection's awaits nearly always complete asynchronously, and
    // without pooling each async method allocates its box per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunAsync()
    {
        var app = _server.App;
        var options = app.Options;
        var metrics = _server.Metrics;
        var started = Stopwatch.GetTimestamp();
        _socket.NoDelay = true;
        SslStream? ssl = null;
        var handshakeStarted = started;
        var timeout = _timeout;
        var abort = timeout.CancelWith(_server.Aborted);
        try
        {
            timeout.CancelAfter(options.HandshakeTimeout);
            try
            {
                // A zero-byte read waits for the client's first bytes without a buffer: a socket
                // that has not spoken holds no SslStream and no OpenSSL state.
                await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                handshakeStarted = Stopwatch.GetTimestamp(); // the handshake starts when the client speaks
                ssl = new SslStream(new NetworkStream(_socket, ownsSocket: true), leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsServerAsync(_server.OptionsCallback, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException or SocketException)
            {
                var timedOut = timeout.IsCancellationRequested;
                metrics.HandshakeFailed(handshakeStarted, timedOut ? "timeout" : ex is System.Security.Authentication.AuthenticationException ? "tls_error" : "connection_closed");
                Log.ConnectionDropped(app.Logger, _remote, timedOut ? "TLS handshake timed out" : "TLS handshake failed: " + ex.Message);
                return;
            }

            metrics.HandshakeCompleted(handshakeStarted, Diagnostics.GeminiMetrics.ProtocolVersion(ssl.SslProtocol));
            var requestStarted = Stopwatch.GetTimestamp();

            timeout.CancelAfter(options.RequestTimeout);
            var (uri, refusal, leftover) = await ReadRequestLineAsync(ssl, timeout.Token).ConfigureAwait(false);
            if ((uri is null && refusal is null) || !_server.StopWaiting(this))
            {
                return; // timed out, went away, or shed to make room: nothing to answer
            }

            Response response;
            Request? request = null;
            string url;
            if (refusal is not null)
            {
                response = refusal;
                url = uri?.Url ?? "-";
            }
            else
            {
                url = uri!.Url;
                var connection = new ConnectionInfo(_remote, ssl.RemoteCertificate as X509Certificate2, ssl.SslProtocol, ssl.NegotiatedCipherSuite, _socket);
                // The handler's own time is not limited here (SCGI and CGI have their own timeouts);
                // it is cancelled on shutdown.
                timeout.CancelAfter(Timeout.InfiniteTimeSpan);
                if (options.InlineSocketCompletions && !options.InlineHandlers)
                {
                    // Socket completions may run on the socket engine's thread: leave it before user code.
                    await Task.Yield();
                }

                request = new Request(uri, connection, _server.Aborted);
                if (uri.IsTitan)
                {
                    // The body follows the request line; what arrived with the line is its start.
                    request.UploadBody = UploadReader(ssl, leftover, options.RequestTimeout);
                }

                response = await app.ProcessAsync(request).ConfigureAwait(false);
                if (ReferenceEquals(response, Response.Unanswered))
                {
                    await request.DisposeServicesAsync().ConfigureAwait(false);
                    Log.ConnectionDropped(app.Logger, _remote, "upload came short or too late");
                    return;
                }
            }

            long bytes;
            try
            {
                timeout.CancelAfter(options.ResponseTimeout);
                bytes = await WriteResponseAsync(ssl, response, timeout.Token).ConfigureAwait(false);
                if (bytes >= 0)
                {
                    // close_notify, so the client knows the body is complete.
                    await ssl.ShutdownAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                if (request is not null)
                {
                    await request.DisposeServicesAsync().ConfigureAwait(false);
                }
            }

            var status = (int)response.Status;
            metrics.RequestCompleted(requestStarted, status, request?.Route);
            Log.Access(app.AccessLogger, _remote, url, status, Math.Max(bytes, 0), Stopwatch.GetElapsedTime(started).TotalMilliseconds, request?.Route ?? "-");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            Log.ConnectionDropped(app.Logger, _remote, ex.Message);
        }
        finally
        {
            await abort.DisposeAsync().ConfigureAwait(false);
            if (ssl is not null)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                _socket.Dispose();
            }
        }
    }

    /// <summary>
    /// Reads up to the CRLF into a pooled buffer and accepts the request there (parsed, and
    /// for this capsule). Returns the URI to serve, or the refusal to answer with, or neither
    /// when the client is gone or too slow (then the connection is simply closed).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(GeminiUri? Uri, Response? Refusal, byte[] Leftover)> ReadRequestLineAsync(SslStream ssl, CancellationToken cancellationToken)
    {
        // The URI, its CRLF, and nothing beyond: whatever follows is never read.
        const int Limit = RequestLineParser.MaxUriBytes + 2;
        var buffer = ArrayPool<byte>.Shared.Rent(Limit);
        try
        {
            var got = 0;
            while (true)
            {
                int read;
                try
                {
                    read = await ssl.ReadAsync(buffer.AsMemory(got, Limit - got), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    return (null, null, []);
                }

                if (read == 0)
                {
                    return got == 0 ? (null, null, []) : (null, GeminiApp.IncompleteRequestLine(), []);
                }

                got += read;
                if (_server.App.AcceptRequestLine(buffer.AsSpan(0, got), _server.Port, out var uri, out var refusal) != RequestLineScan.Incomplete)
                {
                    if (uri is { IsTitan: true } && refusal is null)
                    {
                        // Bytes past the CRLF that came in the same read are the upload's first ones.
                        RequestLineParser.Scan(buffer.AsSpan(0, got), out var length);
                        return (uri, null, buffer.AsSpan(length + 2, got - length - 2).ToArray());
                    }

                    return (uri, refusal, []);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A closure made here, not in RunAsync: there it would make every request allocate its captures.
    private static Func<long, CancellationToken, ValueTask<byte[]?>> UploadReader(SslStream ssl, byte[] leftover, TimeSpan timeout) =>
        (size, cancellationToken) => ReadUploadAsync(ssl, leftover, size, timeout, cancellationToken);

    /// <summary>
    /// Reads exactly <paramref name="size"/> upload bytes (the first of them already read with the
    /// request line) within the request time-out; null when the client stops short or is too slow.
    /// </summary>
    private static async ValueTask<byte[]?> ReadUploadAsync(SslStream ssl, byte[] leftover, long size, TimeSpan timeout, CancellationToken aborted)
    {
        var body = new byte[size];
        var filled = (int)Math.Min(leftover.Length, size);
        leftover.AsSpan(0, filled).CopyTo(body);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(timeout);
        try
        {
            while (filled < size)
            {
                var read = await ssl.ReadAsync(body.AsMemory(filled), deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                filled += read;
            }

            return body;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            return null;
        }
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
