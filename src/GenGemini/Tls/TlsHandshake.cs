using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;

namespace GenGemini.Tls;

/// <summary>How a handshake went: the authenticated stream, or why there is none (a metric's error.type and a log message).</summary>
internal readonly record struct TlsResult(SslStream? Stream, long Started, string? ErrorType, string? Message);

/// <summary>
/// The TLS step between the transport and the protocol: waits for the client's first bytes with
/// a zero-byte read (a socket that has not spoken holds no SslStream and no OpenSSL state), then
/// authenticates as the server with the certificate SNI selects, within the time-out.
/// </summary>
internal static class TlsHandshake
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<TlsResult> AuthenticateAsync(Socket socket, ServerOptionsSelectionCallback options, CancellationTokenSource timeout)
    {
        var started = Stopwatch.GetTimestamp();
        SslStream? ssl = null;
        try
        {
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            started = Stopwatch.GetTimestamp(); // the handshake starts when the client speaks
            ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsServerAsync(options, null, timeout.Token).ConfigureAwait(false);
            return new TlsResult(ssl, started, null, null);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or AuthenticationException or SocketException)
        {
            if (ssl is not null)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            var timedOut = timeout.IsCancellationRequested;
            return new TlsResult(
                null,
                started,
                timedOut ? "timeout" : ex is AuthenticationException ? "tls_error" : "connection_closed",
                timedOut ? "TLS handshake timed out" : "TLS handshake failed: " + ex.Message);
        }
    }
}
