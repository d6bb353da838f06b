using System.Net;
using System.Net.Sockets;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace GenGemini.Tests.Hosting;

/// <summary>The "Gemini" section from appsettings.json, the environment and the command line, and operators' mistakes.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private GeminiOptions Bound(params string[] args)
    {
        var app = TestApps.Create(args: ["--contentRoot", _directory.Path, .. args]);
        return app.Services.GetRequiredService<IOptions<GeminiOptions>>().Value;
    }

    [Fact]
    public void Command_line_beats_environment_beats_appsettings_beats_defaults()
    {
        File.WriteAllText(Path.Combine(_directory.Path, "appsettings.json"), """
            { "Gemini": { "Limits": { "HandshakeTimeout": "00:00:13", "RequestTimeout": "00:00:12", "ResponseTimeout": "00:00:11" }, "HostNames": [ "from-json.example" ] } }
            """);
        // Variables no other test reads with a meaning (only these longer time-outs).
        Environment.SetEnvironmentVariable("Gemini__Limits__RequestTimeout", "00:00:22");
        Environment.SetEnvironmentVariable("Gemini__Limits__ResponseTimeout", "00:00:21");
        GeminiOptions options;
        try
        {
            options = Bound("--Gemini:Limits:ResponseTimeout=00:00:31");
        }
        finally
        {
            Environment.SetEnvironmentVariable("Gemini__Limits__RequestTimeout", null);
            Environment.SetEnvironmentVariable("Gemini__Limits__ResponseTimeout", null);
        }

        Assert.Equal(TimeSpan.FromSeconds(13), options.Limits.HandshakeTimeout); // appsettings.json
        Assert.Equal(TimeSpan.FromSeconds(22), options.Limits.RequestTimeout);   // environment over appsettings.json
        Assert.Equal(TimeSpan.FromSeconds(31), options.Limits.ResponseTimeout);  // command line over both
        Assert.Equal(1024, options.Limits.MaxConcurrentConnections);             // default
        Assert.Equal(["from-json.example"], options.HostNames);
    }

    [Fact]
    public void The_short_switches_map_to_the_Gemini_section()
    {
        var cert = Path.Combine(_directory.Path, "c.pem");
        var key = Path.Combine(_directory.Path, "k.pem");
        File.WriteAllText(cert, "-");
        File.WriteAllText(key, "-");
        var options = Bound("--host", "127.0.0.1", "--port", "1966", "--hostname", "a.example", "--hostname", "b.example",
            "--cert", cert, "--key", key, "--cert-dir", "certs", "--public-port=1965");

        Assert.Equal("127.0.0.1", options.ListenAddress);
        Assert.Equal(1966, options.Port);
        Assert.Equal(["a.example", "b.example"], options.HostNames);
        Assert.Equal((cert, key, "certs"), (options.Tls.CertificatePath, options.Tls.KeyPath, options.Tls.CertificateDirectory));
        Assert.Equal(1965, options.PublicPort);
    }

    [Fact]
    public async Task The_flat_keys_of_0_1_still_bind_into_their_groups_with_one_warning_each()
    {
        var app = TestApps.Create(
            args: ["--contentRoot", _directory.Path, "--Gemini:RequestTimeout=00:00:17", "--Gemini:MaxConnectionsPerAddress=9", "--Gemini:AllowTlsResume=false"],
            builder: b => b.Logging.AddFakeLogging());
        var options = app.Services.GetRequiredService<IOptions<GeminiOptions>>().Value;
        app.Map("/", _ => "x");
        _ = await new GenGemini.Testing.TestClient(app).GetAsync("/").WaitAsync(TimeSpan.FromSeconds(30)); // the app freezes, and warns

        Assert.Equal(TimeSpan.FromSeconds(17), options.Limits.RequestTimeout);
        Assert.Equal(9, options.Limits.MaxConnectionsPerAddress);
        Assert.False(options.Tls.AllowResume);
        var warnings = app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 15).Select(r => r.Message).ToList();
        Assert.Contains("Gemini:RequestTimeout is now Gemini:Limits:RequestTimeout; the old key works until 1.1 (docs/migration.md).", warnings);
        Assert.Contains(warnings, w => w.StartsWith("Gemini:MaxConnectionsPerAddress is now Gemini:Limits:MaxConnectionsPerAddress", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("Gemini:AllowTlsResume is now Gemini:Tls:AllowResume", StringComparison.Ordinal));
    }

    [Fact]
    public void Environment_specific_appsettings_override_the_base_file()
    {
        File.WriteAllText(Path.Combine(_directory.Path, "appsettings.json"), """{ "Gemini": { "Port": 2000 } }""");
        File.WriteAllText(Path.Combine(_directory.Path, "appsettings.Staging.json"), """{ "Gemini": { "Port": 2001 } }""");

        Assert.Equal(2001, Bound("--environment", "Staging").Port);
        Assert.Equal(2000, Bound().Port);
    }

    [Fact]
    public void Code_configures_after_configuration()
    {
        var app = TestApps.Create(o => o.Port = 0, args: ["--port", "1966"]);

        Assert.Equal(0, app.Options.Port);
    }

    [Theory]
    [InlineData(new[] { "--prot", "1966" }, "Unknown option '--prot'")]
    [InlineData(new[] { "--port" }, "Option '--port' needs a value.")]
    [InlineData(new[] { "--port", "99999" }, "Gemini:Port must be from 0 to 65535, not 99999.")]
    [InlineData(new[] { "--port", "abc" }, "Invalid configuration: ")]
    [InlineData(new[] { "--Gemini:Prot=1" }, "Prot")]
    [InlineData(new[] { "--cert", "only.pem" }, "Give both Gemini:Tls:CertificatePath (--cert) and Gemini:Tls:KeyPath (--key), or neither.")]
    [InlineData(new[] { "--host", "somewhere" }, "Gemini:ListenAddress must be localhost, * or an IP address, not 'somewhere'.")]
    [InlineData(new[] { "--hostname", "bad host" }, "Gemini:HostNames has 'bad host', which is not a host name or an IP address.")]
    public async Task A_mistake_fails_the_start_with_one_line(string[] args, string message)
    {
        await using var app = TestApps.Create(o => o.CertificateDirectory = _directory.Path, args: ["--contentRoot", _directory.Path, .. args]);

        var error = await Assert.ThrowsAsync<GeminiStartupException>(() => app.StartAsync()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_port_in_use_ends_the_real_process_with_one_line_and_exit_code_1()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var exit = await SampleProcess.RunToExitAsync(_directory.Path, null, "--host", "127.0.0.1", "--port", port);

        Assert.Equal(1, exit.Code);
        Assert.Equal($"Hello: Cannot listen on 127.0.0.1 port {port}: the port is already in use.", exit.Stderr.Trim());
        Assert.DoesNotContain("   at ", exit.Stdout + exit.Stderr);
    }

    [Theory]
    [InlineData("--cert", "missing.pem", "--key", "missing.key")]
    [InlineData("--bogus")]
    public async Task Other_mistakes_end_the_real_process_with_one_line(params string[] args)
    {
        var exit = await SampleProcess.RunToExitAsync(_directory.Path, null, ["--port", "0", .. args]);

        Assert.Equal(1, exit.Code);
        Assert.Single(exit.Stderr.Trim().Split('\n'));
        Assert.StartsWith("Hello: ", exit.Stderr);
        Assert.DoesNotContain("   at ", exit.Stdout + exit.Stderr);
    }

    [Fact]
    public async Task An_unknown_key_in_the_environment_ends_the_real_process_with_one_line()
    {
        var exit = await SampleProcess.RunToExitAsync(_directory.Path, new Dictionary<string, string> { ["Gemini__Prot"] = "1966" }, "--port", "0");

        Assert.Equal(1, exit.Code);
        Assert.Contains("'Prot'", exit.Stderr);
        Assert.Single(exit.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task SIGTERM_stops_the_real_process_through_the_host_lifetime_with_exit_code_0()
    {
        var (process, port) = await SampleProcess.StartAsync(_directory.Path);
        using (process)
        {
            var page = await OpenSslClient.GetAsync(port, $"gemini://localhost:{port}/").WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("20 text/gemini\r\n# Hello from GenGemini", page.Text);

            Assert.Equal(0, Kill(process.Id, 15)); // SIGTERM
            var rest = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, process.ExitCode);
            Assert.Contains($"\"gemini://localhost:{port}/\" 20 ", await rest); // the queued access log was flushed
            Assert.Empty(await process.StandardError.ReadToEndAsync().WaitAsync(Limit));
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public async Task A_missing_key_file_says_which_file()
    {
        var cert = Path.Combine(_directory.Path, "cert.pem");
        File.WriteAllText(cert, "not really a certificate");
        await using var app = TestApps.Create(args: ["--contentRoot", _directory.Path, "--cert", cert, "--key", Path.Combine(_directory.Path, "nope.key")]);

        var error = await Assert.ThrowsAsync<GeminiStartupException>(() => app.StartAsync()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal($"Key file '{Path.Combine(_directory.Path, "nope.key")}' does not exist.", error.Message);
    }
}
