using System.Diagnostics;
using System.Text;

namespace GenGemini.Tests.Infrastructure;

/// <summary>Drives the real <c>openssl s_client</c> as a Gemini client.</summary>
internal static class OpenSslClient
{
    /// <summary>How long one openssl run may take before it is killed.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public sealed record Result(byte[] Stdout, string Stderr, int ExitCode)
    {
        public string Text => Encoding.UTF8.GetString(Stdout);
    }

    /// <summary>Connects, writes <paramref name="request"/> and reads until the server closes.</summary>
    public static async Task<Result> SendAsync(int port, byte[] request, params string[] extraArgs)
    {
        var arguments = new List<string> { "s_client", "-connect", $"127.0.0.1:{port}", "-quiet", "-servername", "localhost" };
        arguments.AddRange(extraArgs);
        return await RunAsync(arguments, request);
    }

    public static Task<Result> GetAsync(int port, string url, params string[] extraArgs) =>
        SendAsync(port, Encoding.UTF8.GetBytes(url + "\r\n"), extraArgs);

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, byte[]? stdin = null)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = ChildProcesses.Start(start)!;
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
            await process.StandardInput.BaseStream.FlushAsync();
        }

        // -quiet implies -ign_eof: closing stdin does not end the session; the server's close does.
        process.StandardInput.Close();
        await ProcessExit.WaitOrKillAsync(process, Limit, () =>
            $"openssl {string.Join(' ', arguments)} did not finish within {Limit.TotalSeconds} s; received: {Encoding.UTF8.GetString(stdout.ToArray())}");
        await copyOut.WaitAsync(Limit);

        return new Result(stdout.ToArray(), await stderr.WaitAsync(Limit), process.ExitCode);
    }

    /// <summary>Makes a self-signed client certificate; returns the PEM paths.</summary>
    public static async Task<(string Cert, string Key)> MakeClientCertificateAsync(string directory)
    {
        var cert = Path.Combine(directory, "client-cert.pem");
        var key = Path.Combine(directory, "client-key.pem");
        var result = await RunAsync(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=test-client"]);
        Assert.Equal(0, result.ExitCode);
        return (cert, key);
    }
}
