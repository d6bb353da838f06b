using System.Buffers;
using System.Net.Sockets;
using GenGemini.Internal;

namespace GenGemini.Tls;

/// <summary>
/// The socket under SslStream, sending each flight in one send. During the handshake, what TLS
/// writes is held until the next read (the client waits for the server's flight before it writes
/// again); SslStream's own flushes then wait too. After it (<see cref="HoldAcrossReads"/>), reads no
/// longer send: the session tickets, the response and close_notify go out together, at
/// <see cref="FlushAsync(CancellationToken)"/> or when enough is held to be worth a send. Every
/// loopback send costs the sender the receiver's softirq too, so fewer sends is less server CPU.
/// </summary>
internal sealed class CoalescingStream(Socket socket) : Stream
{
    /// <summary>More than this held goes out at once (a body streamed in chunks is not held whole).</summary>
    private const int SendThreshold = 32 * 1024;

    private byte[]? _pending;
    private int _count;
    private bool _holdAcrossReads;

    /// <summary>The handshake is done: from now on only a flush, or the threshold, sends.</summary>
    public void HoldAcrossReads() => _holdAcrossReads = true;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        // The socket's own ValueTask (its reusable event args): no allocation for a read that waits.
        _count > 0 && !_holdAcrossReads
            ? SendThenReceiveAsync(buffer, cancellationToken)
            : socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    /// <summary>A flight is complete when TLS reads: send it, then wait for the client's answer.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> SendThenReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken).ConfigureAwait(false);
        return await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var needed = _count + buffer.Length;
        if (_pending is null)
        {
            _pending = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 1024));
        }
        else if (needed > _pending.Length)
        {
            _pending = PooledBuffer.Grow(_pending, _count, needed);
        }

        buffer.Span.CopyTo(_pending.AsSpan(_count));
        _count = needed;
        return _count >= SendThreshold ? new ValueTask(SendAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Sends everything held, in one send when the socket takes it (during the handshake: at the next read).</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _holdAcrossReads ? SendAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Sends what is held now, whatever the phase (the end of a TLS 1.2 handshake, whose last flight the client waits for).</summary>
    public Task SendHeldAsync(CancellationToken cancellationToken) => SendAsync(cancellationToken);

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (sent < _count)
        {
            sent += await socket.SendAsync(_pending.AsMemory(sent, _count - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }

        _count = 0;
        if (_pending is { } sentBuffer)
        {
            // Back to the pool: a connection that waits (for its request, say) holds only what it has not sent.
            _pending = null;
            ArrayPool<byte>.Shared.Return(sentBuffer);
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            socket.Dispose();
            if (_pending is { } pending)
            {
                _pending = null;
                ArrayPool<byte>.Shared.Return(pending);
            }
        }

        base.Dispose(disposing);
    }
}
