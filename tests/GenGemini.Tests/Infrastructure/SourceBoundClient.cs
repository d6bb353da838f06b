using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace GenGemini.Tests.Infrastructure;

/// <summary>A Gemini client that connects from a chosen loopback address (127.0.0.5, say), as a client behind a balancer would be seen.</summary>
internal static class SourceBoundClient
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Requests <paramref name="url"/> from 127.0.0.1:<paramref name="port"/>; returns the header line and the body.</summary>
    public static async Task<(string Header, string Body)> GetAsync(IPAddress source, int port, string url)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WaitAsync(Limit);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }).WaitAsync(Limit);
        await ssl.WriteAsync(Encoding.UTF8.GetBytes(url + "\r\n")).AsTask().WaitAsync(Limit);
        using var received = new MemoryStream();
        await ssl.CopyToAsync(received).WaitAsync(Limit);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var end = text.IndexOf("\r\n", StringComparison.Ordinal);
        return end < 0 ? (text, string.Empty) : (text[..end], text[(end + 2)..]);
    }
}
