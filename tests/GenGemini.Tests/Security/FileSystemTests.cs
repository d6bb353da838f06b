using System.Text;
using GenGemini.Cgi;
using GenGemini.StaticFiles;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GenGemini.Tests.Security;

/// <summary>What a local user who can write into a served tree can and cannot make the server do.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FileSystemTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _outside = new();

    public FileSystemTests()
    {
        File.WriteAllText(Path.Combine(_root.Path, "inside.gmi"), "# Inside\n");
        File.WriteAllText(Path.Combine(_outside.Path, "secret.gmi"), "# OUTSIDE SECRET\n");
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    /// <summary>A shell script at <paramref name="path"/> that its owner may run.</summary>
    private static void Executable(string path, string script)
    {
        File.WriteAllText(path, script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task A_link_swapped_between_check_and_open_never_serves_a_file_outside_the_root()
    {
        var link = Path.Combine(_root.Path, "flip.gmi");
        var inside = Path.Combine(_root.Path, "inside.gmi");
        var outside = Path.Combine(_outside.Path, "secret.gmi");
        File.CreateSymbolicLink(link, inside);
        var app = TestApps.Create();
        app.Mount("/site", new StaticFileHandler(_root.Path) { CacheSize = 0 });
        var client = new TestClient(app);

        using var stop = new CancellationTokenSource();
        var flipper = Task.Run(() =>
        {
            var toOutside = true;
            while (!stop.IsCancellationRequested)
            {
                var next = link + ".next";
                File.CreateSymbolicLink(next, toOutside ? outside : inside);
                File.Move(next, link, overwrite: true); // rename(2): the link changes atomically
                toOutside = !toOutside;
            }
        });

        var leaked = 0;
        var served = 0;
        try
        {
            for (var i = 0; i < 600; i++)
            {
                var response = await client.GetAsync("/site/flip.gmi").WaitAsync(Limit);
                if (response.Text.Contains("OUTSIDE", StringComparison.Ordinal))
                {
                    leaked++;
                }
                else if (response.Status == StatusCode.Success)
                {
                    served++;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await flipper.WaitAsync(Limit);
        }

        Assert.Equal(0, leaked);
        Assert.True(served > 0, "the inside target was never served: the test did not race");
    }

    [Fact]
    public async Task A_CGI_script_that_is_a_link_out_of_its_directory_is_not_run()
    {
        var outsideScript = Path.Combine(_outside.Path, "evil.sh");
        Executable(outsideScript, "#!/bin/sh\nprintf '20 text/plain\\r\\nran outside'\n");
        var scripts = Directory.CreateDirectory(Path.Combine(_root.Path, "cgi")).FullName;
        File.CreateSymbolicLink(Path.Combine(scripts, "evil.sh"), outsideScript);
        var insideScript = Path.Combine(scripts, "ok.sh");
        Executable(insideScript, "#!/bin/sh\nprintf '20 text/plain\\r\\nran inside'\n");
        File.CreateSymbolicLink(Path.Combine(scripts, "alias.sh"), insideScript);
        var app = TestApps.Create();
        app.MapCgi("/cgi-bin", scripts);
        var client = new TestClient(app);

        Assert.Equal(StatusCode.NotFound, (await client.GetAsync("/cgi-bin/evil.sh").WaitAsync(Limit)).Status);
        Assert.Equal("ran inside", (await client.GetAsync("/cgi-bin/alias.sh").WaitAsync(Limit)).Text);
    }

    [Fact]
    public async Task A_CGI_script_flooding_stderr_is_logged_as_a_bounded_excerpt()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root.Path, "cgi")).FullName;
        var script = Path.Combine(scripts, "noisy.sh");
        // 64 MiB of stderr, then a failure.
        Executable(script, "#!/bin/sh\nhead -c 67108864 /dev/zero | tr '\\0' 'e' >&2\nexit 3\n");
        var app = TestApps.Create(builder: b => b.Logging.AddFakeLogging());
        app.MapCgi("/cgi-bin", scripts, new CgiOptions { Timeout = TimeSpan.FromSeconds(30) });

        var response = await new TestClient(app).GetAsync("/cgi-bin/noisy.sh").WaitAsync(Limit);

        Assert.Equal((StatusCode.CgiError, CgiHandler.ErrorMeta), (response.Status, response.Meta));
        var failure = app.Services.GetFakeLogCollector().GetSnapshot().Single(r => r.Id.Id == 201);
        Assert.InRange(failure.Message.Length, 4096, 4096 + 200);
        Assert.DoesNotContain(scripts, failure.Message, StringComparison.Ordinal); // the script by its URL path, not the server's directories
    }

    [Fact]
    public async Task At_most_MaxConcurrentScripts_run_and_a_request_past_them_gets_41()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root.Path, "cgi")).FullName;
        var script = Path.Combine(scripts, "slow.sh");
        Executable(script, "#!/bin/sh\nsleep 2\nprintf '20 text/plain\\r\\ndone'\n");
        var app = TestApps.Create();
        app.MapCgi("/cgi-bin", scripts, new CgiOptions { MaxConcurrentScripts = 1, QueueTimeout = TimeSpan.FromMilliseconds(500), Timeout = TimeSpan.FromSeconds(30) });
        var client = new TestClient(app);

        var first = client.GetAsync("/cgi-bin/slow.sh");
        await Task.Delay(300);
        var second = await client.GetAsync("/cgi-bin/slow.sh").WaitAsync(Limit);

        Assert.Equal((StatusCode.ServerUnavailable, CgiHandler.BusyMeta), (second.Status, second.Meta));
        Assert.Equal("done", (await first.WaitAsync(Limit)).Text);
        Assert.Equal("done", (await client.GetAsync("/cgi-bin/slow.sh").WaitAsync(Limit)).Text); // the slot is free again
    }

    [Fact]
    public async Task A_NUL_meant_for_a_CGI_variable_is_59_and_the_script_never_runs()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root.Path, "cgi")).FullName;
        var marker = Path.Combine(_root.Path, "ran");
        var script = Path.Combine(scripts, "env.sh");
        Executable(script, $"#!/bin/sh\ntouch '{marker}'\nprintf '20 text/plain\\r\\n'; env\n");
        var app = TestApps.Create();
        app.MapCgi("/cgi-bin", scripts);

        var response = await new TestClient(app).GetAsync("/cgi-bin/env.sh/x%00REMOTE_ADDR=1.2.3.4").WaitAsync(Limit);

        Assert.Equal(StatusCode.BadRequest, response.Status);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Generated_certificate_key_is_private_from_its_first_byte_and_its_directory_too()
    {
        var directory = Path.Combine(_root.Path, "certs");
        await using var server = await RunningApp.StartAsync(app => app.Map("/", _ => "x"), certificateDirectory: directory);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "key.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void Private_files_are_created_0600_whatever_the_umask_allows()
    {
        var path = Path.Combine(_root.Path, "pin");
        using var watcher = new FileSystemWatcher(_root.Path) { EnableRaisingEvents = true };
        var modes = new List<UnixFileMode>();
        watcher.Created += (_, e) =>
        {
            try
            {
                lock (modes)
                {
                    modes.Add(File.GetUnixFileMode(e.FullPath));
                }
            }
            catch (IOException)
            {
            }
        };

        Internal.PrivateFiles.WriteAllText(path, new string('k', 1 << 20));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(new string('k', 1 << 20), File.ReadAllText(path, Encoding.UTF8));
        lock (modes)
        {
            Assert.All(modes, m => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, m));
        }
    }
}
