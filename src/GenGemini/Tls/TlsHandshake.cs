using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;

namespace GenGemini.Tls;

/// <summary>How a handshake went: the authenticated stream, or why there is none (a metric's error.type and a log message).</summary>
internal readonly record struct TlsResult(SslStream? Stream, CoalescingStream? Transport, long Started, string? ErrorType, string? Message);

/// <summary>
/// The TLS step between the transport and the protocol, called once the client's first bytes are
/// there (the connection waits for them with a zero-byte read, so a socket that has not spoken
/// holds no SslStream and no OpenSSL state): authenticates as the server with the certificate SNI
/// selects, within the time-out. TLS writes
/// through a <see cref="CoalescingStream"/>: one send per flight.
/// </summary>
internal static class TlsHandshake
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<TlsResult> AuthenticateAsync(Socket socket, ServerOptionsSelectionCallback options, CancellationTokenSource timeout)
    {
        var started = Stopwatch.GetTimestamp();
        SslStream? ssl = null;
        CoalescingStream? transport = null;
        try
        {
            transport = new CoalescingStream(socket);
            ssl = new SslStream(transport, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsServerAsync(options, null, timeout.Token).ConfigureAwait(false);
            if (ssl.SslProtocol == SslProtocols.Tls13)
            {
                transport.HoldAcrossReads(); // what is left (the session tickets) waits for the response, and goes with it
            }
            else
            {
                await transport.SendHeldAsync(timeout.Token).ConfigureAwait(false); // TLS 1.2: the client waits for the server's Finished
                transport.HoldAcrossReads();
            }
            return new TlsResult(ssl, transport, started, null, null);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or AuthenticationException or SocketException)
        {
            if (ssl is not null)
            {
                // The alert TLS wrote (protocol version, handshake failure) goes out before the close.
                try
                {
                    await transport!.SendHeldAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
                catch (Exception sendFailure) when (sendFailure is IOException or SocketException or TimeoutException or ObjectDisposedException)
                {
                }

                await ssl.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            var timedOut = timeout.IsCancellationRequested;
            return new TlsResult(
                null,
                null,
                started,
                timedOut ? "timeout" : ex is AuthenticationException ? "tls_error" : "connection_closed",
                timedOut ? "TLS handshake timed out" : "TLS handshake failed: " + ex.Message);
        }
    }
}
