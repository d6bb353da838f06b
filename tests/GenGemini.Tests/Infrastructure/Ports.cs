using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GenGemini.Tests.Infrastructure;

/// <summary>Ports for processes the tests start: one found free, and waiting until a process accepts on it.</summary>
internal static class Ports
{
    /// <summary>
    /// A loopback port free at this moment, for a process that binds it itself and takes no port 0
    /// (so another process may take it first: callers try again then).
    /// </summary>
    public static int FindFree()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Polls until <paramref name="endPoint"/> accepts; false when <paramref name="process"/> exits first, or after 30 s.</summary>
    public static async Task<bool> WaitUntilAcceptingAsync(EndPoint endPoint, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var socket = endPoint is UnixDomainSocketEndPoint
                    ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                    : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(endPoint).WaitAsync(TimeSpan.FromSeconds(5));
                return true;
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
