using System.Diagnostics;

namespace GenGemini.Tests.Infrastructure;

/// <summary>The Hello sample run as a real process, as an operator runs it.</summary>
internal static class SampleProcess
{
    public sealed record Exit(int Code, string Stdout, string Stderr);

    /// <summary>Hello.dll, built beside this test assembly in the same configuration.</summary>
    public static string HelloDll => SampleDll("Hello");

    /// <summary>A sample's dll, built beside this test assembly in the same configuration.</summary>
    public static string SampleDll(string sample)
    {
        // tests/GenGemini.Tests/bin/<Configuration>/net10.0/
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = bin.Parent!.Name;
        var root = bin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "samples", sample, "bin", configuration, bin.Name, sample + ".dll");
    }

    /// <summary>Starts Hello on an ephemeral port and returns once it listens, with the port it printed.</summary>
    public static Task<(Process Process, int Port)> StartAsync(string workingDirectory, params string[] args) =>
        StartSampleAsync("Hello", workingDirectory, args);

    /// <summary>Starts a sample on an ephemeral port and returns once it listens, with the port it printed.</summary>
    public static async Task<(Process Process, int Port)> StartSampleAsync(string sample, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        // The process decides for itself; this test process's own setting must not leak into it.
        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        start.ArgumentList.Add(SampleDll(sample));
        foreach (var arg in (string[])["--host", "127.0.0.1", "--port", "0", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var process = ChildProcesses.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                const string Marker = "Serving gemini://localhost:";
                var at = line.IndexOf(Marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var digits = line[(at + Marker.Length)..].TakeWhile(char.IsAsciiDigit).ToArray();
                    return (process, int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        throw new InvalidOperationException(sample + " did not report its port within 30 s.");
    }

    /// <summary>Runs Hello with <paramref name="args"/> in <paramref name="workingDirectory"/> and waits for it to exit.</summary>
    public static async Task<Exit> RunToExitAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(HelloDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = ChildProcesses.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await ProcessExit.WaitOrKillAsync(process, TimeSpan.FromSeconds(30), () => "Hello did not exit within 30 s; it should have refused to start. Output: " + (stdout.IsCompletedSuccessfully ? stdout.Result : string.Empty));

        return new Exit(process.ExitCode, await stdout, await stderr);
    }
}
