using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GenGemini.Tests.Infrastructure;

/// <summary>A real SCGI backend process (Perl's SCGI module or uWSGI) started for one test.</summary>
internal sealed class BackendProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory? _socketDirectory;

    private BackendProcess(Process process, int port, string? socketPath, TempDirectory? socketDirectory)
    {
        _process = process;
        Port = port;
        SocketPath = socketPath;
        _socketDirectory = socketDirectory;
    }

    public int Port { get; }

    public string? SocketPath { get; }

    public int ProcessId => _process.Id;

    public static string BackendsDirectory => Path.Combine(AppContext.BaseDirectory, "backends");

    /// <summary>Perl's SCGI module, over TCP (unix=false) or a Unix socket.</summary>
    public static async Task<BackendProcess> StartPerlAsync(bool unix, string? socketPath = null)
    {
        var dir = unix && socketPath is null ? new TempDirectory() : null;
        socketPath ??= dir is null ? null : Path.Combine(dir.Path, "perl.sock");
        var process = Start("perl", [Path.Combine(BackendsDirectory, "scgi_backend.pl"), unix ? "unix" : "tcp", socketPath ?? "0"]);
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
        {
            var error = await process.StandardError.ReadToEndAsync();
            throw new InvalidOperationException("Perl SCGI backend did not start: " + error);
        }

        return new BackendProcess(process, unix ? 0 : int.Parse(ready[6..], System.Globalization.CultureInfo.InvariantCulture), socketPath, dir);
    }

    /// <summary>uWSGI in --scgi-socket mode running tests/backends/wsgi_app.py.</summary>
    public static async Task<BackendProcess> StartUwsgiAsync(bool unix)
    {
        var dir = unix ? new TempDirectory() : null;
        var socketPath = dir is null ? null : Path.Combine(dir.Path, "uwsgi.sock");
        // The port stays reserved by this process (SO_REUSEPORT, never listening) until uWSGI
        // is gone, so no other test can take it between the choice and uWSGI's bind.
        var reservation = unix ? null : ReservePort();
        var port = reservation is null ? 0 : ((IPEndPoint)reservation.LocalEndPoint!).Port;
        var process = Start("uwsgi", [
            "--plugin", "python3", "--scgi-socket", socketPath ?? $"127.0.0.1:{port}", "--reuse-port",
            "--wsgi-file", Path.Combine(BackendsDirectory, "wsgi_app.py"),
            "--processes", "1", "--threads", "4", "--disable-logging", "--die-on-term", "--need-app"]);
        var backend = new BackendProcess(process, port, socketPath, dir) { _reservation = reservation };
        await backend.WaitUntilAcceptingAsync();
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        _reservation?.Dispose();
        _socketDirectory?.Dispose();
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private Socket? _reservation;

    /// <summary>A bound, never listening socket that other SO_REUSEPORT sockets of this user may share.</summary>
    /// <summary>A loopback port held with SO_REUSEPORT and never listened on, for a process that binds it the same way.</summary>
    internal static Socket ReservePort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        const int SolSocket = 1, SoReusePort = 15; // Linux
        socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static Process Start(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return ChildProcesses.Start(info)!;
    }

    private async Task WaitUntilAcceptingAsync()
    {
        // uWSGI prints no machine-readable readiness line: poll until it accepts.
        EndPoint endPoint = SocketPath is null ? new IPEndPoint(IPAddress.Loopback, Port) : new UnixDomainSocketEndPoint(SocketPath);
        if (!await Ports.WaitUntilAcceptingAsync(endPoint, _process))
        {
            throw new InvalidOperationException("uWSGI did not accept within 30 s: " + await _process.StandardError.ReadToEndAsync());
        }
    }
}
