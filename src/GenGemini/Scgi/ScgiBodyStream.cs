using System.Net.Sockets;

namespace GenGemini.Scgi;

/// <summary>
/// The body of an unlimited SCGI response: what was read with the header, then the backend
/// socket, until it closes. The server copies it to the client with backpressure (it reads
/// only as fast as TLS writes go), so memory stays constant whatever the size.
/// </summary>
internal sealed class ScgiBodyStream : Stream
{
    private readonly Socket _socket;
    private readonly byte[] _leftover;
    private readonly CancellationTokenSource _deadline;
    private int _leftoverPosition;

    public ScgiBodyStream(Socket socket, byte[] leftover, CancellationToken requestAborted, TimeSpan timeout)
    {
        _socket = socket;
        _leftover = leftover;
        // The handler's deadline ends with the handler; the relay gets its own, as long again.
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _deadline.CancelAfter(timeout);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_leftoverPosition < _leftover.Length)
        {
            var count = Math.Min(buffer.Length, _leftover.Length - _leftoverPosition);
            _leftover.AsMemory(_leftoverPosition, count).CopyTo(buffer);
            _leftoverPosition += count;
            return count;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
        return await _socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket.Dispose();
            _deadline.Dispose();
        }

        base.Dispose(disposing);
    }
}
