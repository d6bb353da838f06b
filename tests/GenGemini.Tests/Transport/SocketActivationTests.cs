using System.Diagnostics;
using System.Text;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Transport;

/// <summary>systemd socket activation, with systemd's own launcher (systemd-socket-activate, package systemd).</summary>
public class SocketActivationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_capsule_serves_on_the_socket_systemd_passes_instead_of_binding_its_own()
    {
        using var directory = new TempDirectory();
        // systemd-socket-activate binds the port itself (it takes no port 0): one found free, tried
        // again if another process took it first.
        for (var attempt = 1; ; attempt++)
        {
            var port = Ports.FindFree();
            var start = new ProcessStartInfo("systemd-socket-activate")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory.Path,
            };
            // The capsule is told port 0: if it bound a socket of its own, it would not be this one.
            foreach (var arg in (string[])["-l", $"127.0.0.1:{port}", "dotnet", SampleProcess.HelloDll, "--host", "127.0.0.1", "--port", "0"])
            {
                start.ArgumentList.Add(arg);
            }

            using var process = ChildProcesses.Start(start)!;
            var stdout = new StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (stdout) { stdout.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                // systemd-socket-activate starts the capsule on the first connection, as systemd does.
                var result = await OpenSslClient.GetAsync(port, $"gemini://localhost:{port}/").WaitAsync(Limit);
                using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                {
                    // Refused: the launcher has not bound the port yet (or never will: it exits).
                    while (result.Stdout.Length == 0 && !process.HasExited && !bound.IsCancellationRequested)
                    {
                        await Task.Delay(100, CancellationToken.None);
                        result = await OpenSslClient.GetAsync(port, $"gemini://localhost:{port}/").WaitAsync(Limit);
                    }
                }

                if (result.Stdout.Length == 0 && process.HasExited && attempt < 3)
                {
                    continue; // the port was taken between the choice and systemd-socket-activate's bind
                }

                Assert.StartsWith("20 text/gemini\r\n# Hello", result.Text);
                // The console writes its lines a batch at a time: the line may follow the page.
                var expected = $"Serving gemini://localhost:{port}/";
                string Log()
                {
                    lock (stdout)
                    {
                        return stdout.ToString();
                    }
                }

                await Eventually.TrueAsync(() => Log().Contains(expected, StringComparison.Ordinal), "the Serving line", Limit);
                Assert.Contains(expected, Log());
                return;
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true); // the launcher and the capsule it started
                }

                await process.WaitForExitAsync().WaitAsync(Limit);
                await stderr.WaitAsync(Limit);
            }
        }
    }
}
