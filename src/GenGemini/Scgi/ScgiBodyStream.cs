using System.Net.Sockets;
using GenGemini.Internal;

namespace GenGemini.Scgi;

/// <summary>
/// The body of an unlimited SCGI response: what was read with the header, then the backend
/// socket, until it closes. The server copies it to the client with backpressure (it reads
/// only as fast as TLS writes go), so memory stays constant whatever the size.
/// </summary>
internal sealed class ScgiBodyStream : BodyStream
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _deadline;

    public ScgiBodyStream(Socket socket, byte[] leftover, CancellationToken requestAborted, TimeSpan timeout)
        : base(leftover)
    {
        _socket = socket;
        // The handler's deadline ends with the handler; the relay gets its own, as long again.
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _deadline.CancelAfter(timeout);
    }

    protected override async ValueTask<int> ReadSourceAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
        return await _socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token).ConfigureAwait(false);
    }

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
