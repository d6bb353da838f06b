using System.Net;
using System.Net.Sockets;

namespace GenGemini.Tests.Infrastructure;

/// <summary>
/// A loopback port that refuses connections for as long as this object lives: bound but not
/// listening, so no other process can take it meanwhile (a port found free and released could be).
/// <see cref="Listen"/> turns it into a backend that accepts.
/// </summary>
internal sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Starts listening on the held port and answers every connection with <paramref name="rawResponse"/>.</summary>
    public void Listen(string rawResponse)
    {
        _socket.Listen();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                Socket connection;
                try
                {
                    connection = await _socket.AcceptAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (connection)
                {
                    await connection.ReceiveAsync(new byte[65536]);
                    await connection.SendAsync(System.Text.Encoding.UTF8.GetBytes(rawResponse));
                    connection.Shutdown(SocketShutdown.Both);
                }
            }
        });
    }

    public void Dispose() => _socket.Dispose();
}
