using GenGemini.Cgi;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Cgi;

/// <summary>Real processes per request: shell scripts written for each test.</summary>
public sealed class CgiHandlerTests : IDisposable
{
    private readonly TempDirectory _scripts = new();

    public void Dispose() => _scripts.Dispose();

    private void Script(string name, string body, bool executable = true)
    {
        var path = Path.Combine(_scripts.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (executable && OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private TestClient Client(CgiOptions? options = null)
    {
        var app = TestApps.Create();
        app.State["secret"] = "s3";
        app.Mount("/cgi-bin", new CgiHandler(_scripts.Path, options ?? new CgiOptions { AppStateKeys = { "secret" } }));
        app.Map("/", _ => "home");
        return new TestClient(app);
    }

    [Fact]
    public async Task Runs_the_script_with_the_gateway_variables()
    {
        Script("env.sh", "printf '20 text/plain\\r\\n'; env | sort");

        var response = await Client().WithCertificate("ab12").GetAsync("/cgi-bin/env.sh/extra/path?q=1%202");

        Assert.Equal(20, (int)response.Status);
        Assert.Equal("text/plain", response.Meta);
        var lines = response.Text.Split('\n');
        Assert.Contains("SCRIPT_NAME=/cgi-bin/env.sh", lines);
        Assert.Contains("PATH_INFO=/extra/path", lines);
        Assert.Contains("QUERY_STRING=q=1%202", lines);
        Assert.Contains("GATEWAY_INTERFACE=CGI/1.1", lines);
        Assert.Contains("SERVER_PROTOCOL=GEMINI", lines);
        Assert.Contains("GEMINI_URL=gemini://localhost/cgi-bin/env.sh/extra/path?q=1%202", lines);
        Assert.Contains("TLS_CLIENT_HASH=ab12", lines);
        Assert.Contains("TLS_CLIENT_PUBKEY_HASH=ab12", lines); // the test client's key identity defaults to its certificate's
        Assert.Contains("TLS_CLIENT_AUTHORISED=1", lines);
        Assert.Contains("GENGEMINI_SECRET=s3", lines);
        Assert.Contains(lines, l => l.StartsWith("SCRIPT_FILENAME=", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("HOME=", StringComparison.Ordinal)); // environment not inherited by default
    }

    [Fact]
    public async Task CGI_form_output_and_error_statuses()
    {
        Script("cgi.sh", "printf 'Status: 20\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello'");
        Script("missing.sh", "printf '51 No such thing\\r\\n'");

        var client = Client();
        var ok = await client.GetAsync("/cgi-bin/cgi.sh");
        Assert.Equal("text/plain", ok.Meta);
        Assert.Equal("hello", ok.Text);
        var notFound = await client.GetAsync("/cgi-bin/missing.sh");
        Assert.Equal(51, (int)notFound.Status);
        Assert.Equal("No such thing", notFound.Meta);
    }

    [Fact]
    public async Task A_script_over_time_is_killed_with_its_children_and_answered_42()
    {
        var pids = Path.Combine(_scripts.Path, "pids");
        // The script and a child of its own, both of which must be gone afterwards.
        Script("slow.sh", $"sleep 60 & echo $$ $! > '{pids}'; wait; printf '20 text/plain\\r\\nlate'");

        var response = await Client(new CgiOptions { Timeout = TimeSpan.FromSeconds(1) }).GetAsync("/cgi-bin/slow.sh").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(42, (int)response.Status);
        Assert.Equal("CGI script timeout", response.Meta);
        var ids = File.ReadAllText(pids).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        Assert.Equal(2, ids.Length);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ids.Any(IsRunning))
        {
            Assert.True(DateTime.UtcNow < deadline, $"still running after the time-out: {string.Join(", ", ids.Where(IsRunning))}");
            await Task.Delay(50);
        }
    }

    /// <summary>Whether a process exists and is not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("exit 3", "CGI script error")]
    [InlineData("printf 'not a header\\r\\n'", "CGI script error")]
    public async Task A_failing_script_is_42_without_details(string body, string meta)
    {
        Script("bad.sh", "echo 'secret /etc/path' >&2; " + body);

        var response = await Client().GetAsync("/cgi-bin/bad.sh");

        Assert.Equal(42, (int)response.Status);
        Assert.Equal(meta, response.Meta);
    }

    [Theory]
    [InlineData("/cgi-bin/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/cgi-bin/..%2Fsecret.sh")]
    public async Task Traversal_is_59(string path) => Assert.Equal(59, (int)(await Client().GetAsync(path)).Status);

    [Fact]
    public async Task Unknown_hidden_or_non_executable_scripts_are_51()
    {
        Script("plain.txt", "echo hi", executable: false);
        Script(".hidden.sh", "printf '20 text/plain\\r\\nx'");
        var client = Client();

        Assert.Equal(51, (int)(await client.GetAsync("/cgi-bin/nope.sh")).Status);
        Assert.Equal(51, (int)(await client.GetAsync("/cgi-bin/plain.txt")).Status);
        Assert.Equal(51, (int)(await client.GetAsync("/cgi-bin/.hidden.sh")).Status);
        Assert.Equal(51, (int)(await client.GetAsync("/cgi-bin")).Status);
        Assert.Equal("home", (await client.GetAsync("/")).Text);
    }
}
