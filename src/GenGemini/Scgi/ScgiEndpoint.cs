using System.Net;
using System.Net.Sockets;

namespace GenGemini.Scgi;

/// <summary>Where an SCGI backend listens: a TCP host and port, or a Unix socket path.</summary>
public sealed class ScgiEndpoint
{
    private ScgiEndpoint(string? host, int port, string? socketPath)
    {
        Host = host;
        Port = port;
        SocketPath = socketPath;
    }

    /// <summary>The TCP host, or null for a Unix socket.</summary>
    public string? Host { get; }

    /// <summary>The TCP port (0 for a Unix socket).</summary>
    public int Port { get; }

    /// <summary>The Unix socket path, or null for TCP.</summary>
    public string? SocketPath { get; }

    /// <summary>A backend at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static ScgiEndpoint Tcp(string host, int port)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new ArgumentException("An SCGI host must not be empty.", nameof(host));
        }

        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "An SCGI port is from 1 to 65535.");
        }

        return new ScgiEndpoint(host, port, null);
    }

    /// <summary>A backend on the Unix socket <paramref name="socketPath"/>.</summary>
    public static ScgiEndpoint Unix(string socketPath)
    {
        if (string.IsNullOrWhiteSpace(socketPath))
        {
            throw new ArgumentException("An SCGI socket path must not be empty.", nameof(socketPath));
        }

        return new ScgiEndpoint(null, 0, socketPath);
    }

    /// <summary>
    /// Builds an endpoint from the optional pieces users give (attribute or shortcut): exactly one
    /// of host+port or socket path.
    /// </summary>
    public static ScgiEndpoint From(string? host, int? port, string? socketPath)
    {
        var hasTcp = host is not null || port is not null;
        if (hasTcp && socketPath is not null)
        {
            throw new ArgumentException("Give an SCGI backend either a host and port or a socket path, not both.");
        }

        if (socketPath is not null)
        {
            return Unix(socketPath);
        }

        if (host is null || port is null)
        {
            throw new ArgumentException(hasTcp
                ? "An SCGI backend over TCP needs both a host and a port."
                : "Give an SCGI backend a host and port or a socket path.");
        }

        return Tcp(host, port.Value);
    }

    internal EndPoint ToEndPoint() => SocketPath is not null
        ? new UnixDomainSocketEndPoint(SocketPath)
        : IPAddress.TryParse(Host, out var address) ? new IPEndPoint(address, Port) : new DnsEndPoint(Host!, Port);

    internal Socket CreateSocket() => SocketPath is not null
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    /// <summary>For logs only: never shown to clients.</summary>
    public override string ToString() => SocketPath is not null ? "unix:" + SocketPath : $"{Host}:{Port}";
}
