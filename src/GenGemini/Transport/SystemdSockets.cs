using System.Globalization;
using System.Net.Sockets;

namespace GenGemini.Transport;

/// <summary>
/// systemd socket activation: listening sockets passed in <c>LISTEN_FDS</c> (from fd 3, for this
/// process only: <c>LISTEN_PID</c>), named by <c>LISTEN_FDNAMES</c>. They are taken once and the
/// variables cleared, so that CGI scripts and other children do not think they were passed too.
/// </summary>
internal static class SystemdSockets
{
    private const int FirstDescriptor = 3; // SD_LISTEN_FDS_START

    /// <summary>The name a .socket unit gives (FileDescriptorName=proxy) to a socket that expects the PROXY protocol.</summary>
    public const string ProxyName = "proxy";

    public static IReadOnlyList<(Socket Socket, string? Name)> Take()
    {
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        var count = Environment.GetEnvironmentVariable("LISTEN_FDS");
        if (pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture)
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return [];
        }

        var names = Environment.GetEnvironmentVariable("LISTEN_FDNAMES")?.Split(':') ?? [];
        foreach (var variable in new[] { "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES" })
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        var sockets = new List<(Socket, string?)>();
        for (var i = 0; i < n; i++)
        {
            var socket = new Socket(new SafeSocketHandle(FirstDescriptor + i, ownsHandle: true));
            sockets.Add((socket, i < names.Length && names[i].Length > 0 ? names[i] : null));
        }

        return sockets;
    }
}
