using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GenGemini.Tests.Infrastructure;

/// <summary>
/// A real HAProxy (Debian package haproxy) in TCP mode, in the foreground, balancing the given
/// backends with a PROXY header (<c>send-proxy-v2</c> or <c>send-proxy</c>) and health checks.
/// </summary>
internal sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Socket _reservation;
    private readonly TempDirectory _directory;

    private HaproxyProcess(Process process, Socket reservation, TempDirectory directory, int port)
    {
        _process = process;
        _reservation = reservation;
        _directory = directory;
        Port = port;
    }

    /// <summary>The frontend's port, on 127.0.0.1.</summary>
    public int Port { get; }

    public static async Task<HaproxyProcess> StartAsync(IEnumerable<int> backendPorts, string proxyOption = "send-proxy-v2", string checkOptions = "")
    {
        var directory = new TempDirectory();
        // Held with SO_REUSEPORT (HAProxy binds that way too), so no other test takes it meanwhile.
        var reservation = BackendProcess.ReservePort();
        var port = ((IPEndPoint)reservation.LocalEndPoint!).Port;
        var servers = string.Join("\n", backendPorts.Select((p, i) =>
            $"  server capsule{i} 127.0.0.1:{p} {proxyOption} check inter 200ms fall 1 rise 1 {checkOptions}"));
        var config = Path.Combine(directory.Path, "haproxy.cfg");
        await File.WriteAllTextAsync(config, $"""
            global
              maxconn 256
            defaults
              mode tcp
              timeout connect 2s
              timeout client 10s
              timeout server 10s
            frontend gemini
              bind 127.0.0.1:{port}
              default_backend capsules
            backend capsules
              balance roundrobin
            {servers}

            """);
        var process = ChildProcesses.Start(new ProcessStartInfo("haproxy", ["-f", config, "-db"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var haproxy = new HaproxyProcess(process, reservation, directory, port);
        await haproxy.WaitUntilAcceptingAsync();
        return haproxy;
    }

    private async Task WaitUntilAcceptingAsync()
    {
        if (!await Ports.WaitUntilAcceptingAsync(new IPEndPoint(IPAddress.Loopback, Port), _process))
        {
            throw new InvalidOperationException("haproxy did not accept within 30 s: " + await _process.StandardError.ReadToEndAsync());
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        _reservation.Dispose();
        _directory.Dispose();
    }
}
