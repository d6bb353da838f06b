using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using GenGemini.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GenGemini.Protocol;

/// <summary>
/// A request line as read: the URI to serve, or the refusal to answer with (on a 53 the URI is
/// given too, for the access log); neither when the client went away or was too slow, and then
/// the connection is simply closed. <see cref="Leftover"/> is what came after the CRLF in the
/// same read: a titan:// upload's first bytes.
/// </summary>
internal readonly record struct RequestLine(GeminiUri? Uri, Response? Refusal, byte[] Leftover)
{
    public bool IsAbsent => Uri is null && Refusal is null;
}

/// <summary>What one exchange came to, for the access log and metrics. <see cref="Bytes"/> is -1 when the client went away mid-write.</summary>
internal readonly record struct Exchange(bool Answered, int Status, long Bytes, string Url, string? Route);

/// <summary>
/// The Gemini protocol over an established stream: reads the request line, hands the request to
/// the application, writes the response. The only code that writes a Gemini response: the server
/// runs it over TLS, <c>TestClient</c> over an in-memory stream.
/// </summary>
internal sealed class GeminiProtocol
{
    /// <summary>The upload bytes every connection of a server holds at once, against a limit.</summary>
    internal sealed class UploadBudget(long limit)
    {
        private long _held;

        public long Held => Volatile.Read(ref _held);

        public bool TryReserve(long bytes)
        {
            if (Interlocked.Add(ref _held, bytes) <= limit)
            {
                return true;
            }

            Interlocked.Add(ref _held, -bytes);
            return false;
        }

        public void Release(long bytes) => Interlocked.Add(ref _held, -bytes);
    }

    /// <summary>Bodies up to this size go out in the same write as the header.</summary>
    private const int CoalesceLimit = 16 * 1024;

    private readonly IGeminiApplication _application;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeSpan _responseTimeout;
    private readonly ILogger _logger;
    /// <summary>The upload bytes every connection holds at once (tests look at it).</summary>
    internal UploadBudget Uploads { get; }

    public GeminiProtocol(IGeminiApplication application, TimeSpan requestTimeout, TimeSpan responseTimeout, long uploadBytesInFlight, ILogger logger)
    {
        Uploads = new UploadBudget(uploadBytesInFlight);
        _application = application;
        _requestTimeout = requestTimeout;
        _responseTimeout = responseTimeout;
        _logger = logger;
    }

    /// <summary>
    /// Reads up to the CRLF into a pooled buffer and accepts the request there: parsed (59
    /// otherwise) and for this capsule's host and port (53 otherwise).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RequestLine> ReadRequestLineAsync(Stream stream, int listeningPort, CancellationToken cancellationToken)
    {
        // The URI, its CRLF, and nothing beyond: whatever follows is never read.
        const int Limit = RequestLineParser.MaxUriBytes + 2;
        try
        {
            // A client that has finished its handshake but not yet sent its request holds no
            // buffer here and none in SslStream: a zero-byte read waits for its first bytes (and
            // returns at once when they came with the handshake's last flight, as they usually do).
            await stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            return default;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Limit);
        try
        {
            var got = 0;
            while (true)
            {
                int read;
                try
                {
                    read = await stream.ReadAsync(buffer.AsMemory(got, Limit - got), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    return default;
                }

                if (read == 0)
                {
                    return got == 0 ? default : new RequestLine(null, Refusal(RequestLineParser.ScanError(RequestLineScan.Incomplete)), []);
                }

                got += read;
                var scan = RequestLineParser.Scan(buffer.AsSpan(0, got), out var length);
                if (scan != RequestLineScan.Incomplete)
                {
                    return Accept(buffer.AsSpan(0, got), scan, length, listeningPort);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private RequestLine Accept(ReadOnlySpan<byte> buffered, RequestLineScan scan, int length, int listeningPort)
    {
        if (scan != RequestLineScan.Complete)
        {
            return new RequestLine(null, Refusal(RequestLineParser.ScanError(scan)), []);
        }

        if (!RequestLineParser.TryParse(buffered[..length], out var uri, out var error))
        {
            return new RequestLine(null, Refusal(error), []);
        }

        if (!_application.ServesAuthority(uri!, listeningPort))
        {
            return new RequestLine(uri, Response.ProxyRequestRefused(), []);
        }

        // Bytes past the CRLF that came in the same read are a titan:// upload's first ones.
        return new RequestLine(uri, null, uri!.IsTitan ? buffered[(length + 2)..].ToArray() : []);
    }

    private static Response Refusal(RequestError error) => new(error.Status, error.Meta);

    /// <summary>
    /// Answers <paramref name="line"/>: its refusal, or what the application answers, written to
    /// <paramref name="stream"/> within the response time-out (the application's own time is not
    /// limited here: SCGI and CGI have their own). The request's scoped services end with it.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Exchange> RespondAsync(Stream stream, RequestLine line, ConnectionInfo connection, CancellationTokenSource timeout, CancellationToken aborted)
    {
        if (line.Refusal is { } refusal)
        {
            timeout.CancelAfter(_responseTimeout);
            var written = await WriteResponseAsync(stream, refusal, connection.RemoteEndPoint, timeout.Token).ConfigureAwait(false);
            return new Exchange(true, (int)refusal.Status, written, line.Uri?.Url ?? "-", null);
        }

        var uri = line.Uri!;
        timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        var exchange = new GeminiExchange(uri, connection, aborted);
        try
        {
            if (uri.IsTitan)
            {
                // The body follows the request line; what arrived with the line is its start.
                exchange.UploadBody = UploadReader(stream, line.Leftover, _requestTimeout, Uploads);
            }

            var response = await _application.ProcessAsync(exchange.Request).ConfigureAwait(false);
            if (exchange.Unanswered)
            {
                return new Exchange(false, 0, -1, uri.Url, exchange.Route);
            }

            timeout.CancelAfter(_responseTimeout);
            var bytes = await WriteResponseAsync(stream, response, connection.RemoteEndPoint, timeout.Token).ConfigureAwait(false);
            return new Exchange(true, (int)response.Status, bytes, uri.Url, exchange.Route);
        }
        finally
        {
            await exchange.DisposeServicesAsync().ConfigureAwait(false);
        }
    }

    // A closure made here, not in RespondAsync: there it would make every request allocate its captures.
    private static Func<long, CancellationToken, ValueTask<byte[]?>> UploadReader(Stream stream, byte[] leftover, TimeSpan timeout, UploadBudget budget) =>
        (size, cancellationToken) => ReadUploadAsync(stream, leftover, size, timeout, budget, cancellationToken);

    /// <summary>
    /// Reads exactly <paramref name="size"/> upload bytes (the first of them already read with the
    /// request line) within the request time-out; null when the client stops short or is too slow,
    /// or when holding more would take the server past its upload budget. The buffer grows with the
    /// bytes that arrive (doubling from 64 KiB), so a declared size costs nothing until it is sent.
    /// </summary>
    private static async ValueTask<byte[]?> ReadUploadAsync(Stream stream, byte[] leftover, long size, TimeSpan timeout, UploadBudget budget, CancellationToken aborted)
    {
        if (size > Array.MaxLength)
        {
            return null;
        }

        const int FirstChunk = 64 * 1024;
        var reserved = 0L;
        try
        {
            var capacity = (int)Math.Min(size, Math.Max(FirstChunk, leftover.Length));
            if (!budget.TryReserve(capacity))
            {
                return null;
            }

            reserved = capacity;
            var body = new byte[capacity];
            var filled = (int)Math.Min(leftover.Length, size);
            leftover.AsSpan(0, filled).CopyTo(body);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            deadline.CancelAfter(timeout);
            while (filled < size)
            {
                if (filled == body.Length)
                {
                    var grown = (int)Math.Min(size, Math.Min((long)body.Length * 2, Array.MaxLength));
                    if (!budget.TryReserve(grown - body.Length))
                    {
                        return null;
                    }

                    reserved += grown - body.Length;
                    Array.Resize(ref body, grown);
                }

                var read = await stream.ReadAsync(body.AsMemory(filled), deadline.Token).ConfigureAwait(false);
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
        finally
        {
            // Held only while it is read: once the handler has it, it is the handler's memory.
            budget.Release(reserved);
        }
    }

    /// <summary>Writes header and body; returns the body bytes written, or -1 when the client went away.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long> WriteResponseAsync(Stream stream, Response response, IPEndPoint? remote, CancellationToken cancellationToken)
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
                await stream.WriteAsync(buffer.AsMemory(0, length + body.Length), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            }

            written += body.Length;
            if (response.BodyStream is { } source)
            {
                await using (source.ConfigureAwait(false))
                {
                    written += await CopyAsync(source, stream, cancellationToken).ConfigureAwait(false);
                }
            }

            // No flush here: over TLS, the connection sends the rest with close_notify, in one send.
            return written;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            Log.WriteFailed(_logger, remote, ex.Message);
            return -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (response.BodyStream is { } source)
            {
                await source.DisposeAsync().ConfigureAwait(false);
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
            while (true)
            {
                var next = source.ReadAsync(buffer, cancellationToken);
                if (!next.IsCompleted)
                {
                    // The source is slow (a backend streaming as it goes): send what is held before waiting.
                    await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                if ((read = await next.ConfigureAwait(false)) == 0)
                {
                    break;
                }

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
