using System.Buffers;
using System.Net.Sockets;

namespace GenGemini.Transport;

/// <summary>
/// Reads a PROXY protocol header off a socket before TLS, consuming exactly its bytes: what the
/// balancer sent after it (the client's TLS hello) stays in the socket for the handshake. Each
/// chunk is peeked, parsed, then taken; a header that arrives whole costs a peek and a read.
/// </summary>
internal static class ProxyProtocolReader
{
    public static async ValueTask<(ProxyParseStatus Status, ProxyHeader Header)> ReadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ProxyHeader.MaxV2Length);
        try
        {
            var got = 0;
            while (true)
            {
                // Waits until bytes are there (without taking them), then looks at all of them.
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                var peeked = await socket.ReceiveAsync(buffer.AsMemory(got, ProxyHeader.MaxV2Length - got), SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
                if (peeked == 0)
                {
                    return (ProxyParseStatus.Invalid, default); // closed before a whole header
                }

                var status = ProxyHeader.TryParse(buffer.AsSpan(0, got + peeked), out var header, out var length);
                if (status == ProxyParseStatus.Invalid)
                {
                    return (status, default);
                }

                // Take the header's bytes (all that was peeked, while the header is not complete).
                var take = status == ProxyParseStatus.Complete ? length - got : peeked;
                while (take > 0)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(got, take), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return (ProxyParseStatus.Invalid, default);
                    }

                    got += read;
                    take -= read;
                }

                if (status == ProxyParseStatus.Complete)
                {
                    return (status, header);
                }

                if (got >= ProxyHeader.MaxV2Length)
                {
                    return (ProxyParseStatus.Invalid, default);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
