using System.Diagnostics;
using System.Text;
using GenGemini.Generated;
using GenGemini.Testing;
using GenGemini.Tests.Hosting;
using GenGemini.Tests.Infrastructure;
using GenGemini.Tests.Routing;

namespace GenGemini.Tests.Titan;

/// <summary>Titan uploads through TestClient and over real TLS with a Python client.</summary>
public sealed class TitanTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static void Configure(GeminiApp app) => GeneratedApps.Map(app);

    private static TestClient Client(Action<GeminiOptions>? options = null) => new(GeneratedApps.Create(options));

    private static string Name() => "f" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task An_upload_reaches_its_handler_whole_and_can_be_read_back_and_deleted()
    {
        var client = Client();
        var name = Name();

        var put = await client.UploadAsync($"/uploads/{name}", "# Hello, Titan\n", "text/gemini; lang=en").WaitAsync(Limit);
        var get = await client.GetAsync($"/uploads/{name}").WaitAsync(Limit);
        var delete = await client.DeleteAsync($"/uploads/{name}").WaitAsync(Limit);
        var gone = await client.GetAsync($"/uploads/{name}").WaitAsync(Limit);

        Assert.Equal((30, $"/uploads/{name}"), ((int)put.Status, put.Meta));
        Assert.Equal((20, "text/gemini; lang=en", "# Hello, Titan\n"), ((int)get.Status, get.Meta, get.Text));
        Assert.Equal(30, (int)delete.Status);
        Assert.Equal(51, (int)gone.Status);
    }

    [Fact]
    public async Task An_upload_over_the_routes_limit_is_refused_without_a_handler_call()
    {
        var client = Client();
        var name = Name();

        var response = await client.UploadAsync($"/uploads/{name}", new byte[1001]).WaitAsync(Limit);

        Assert.Equal((50, "Upload exceeds 1000 bytes"), ((int)response.Status, response.Meta));
        Assert.False(UploadRoutes.Calls.ContainsKey(name));
    }

    [Fact]
    public async Task The_app_wide_limit_applies_where_a_route_sets_none()
    {
        var client = Client(o => o.Titan.MaxUploadSize = 10);
        var response = await client.UploadAsync($"/uploads/secret/{Name()}", new byte[11], token: "t").WaitAsync(Limit);

        Assert.Equal((50, "Upload exceeds 10 bytes"), ((int)response.Status, response.Meta));
    }

    [Theory]
    [InlineData(";size=abc", "Titan size must be a whole number of bytes")]
    [InlineData(";size=-1", "Titan size must be a whole number of bytes")]
    [InlineData(";mime=text/plain", "Titan upload without a size")]
    [InlineData(";size=1;mime=plain", "Titan mime must be a type/subtype")]
    [InlineData(";size=1;size=2", "Duplicate Titan parameter: size")]
    [InlineData(";size=1;token=a;token=b", "Duplicate Titan parameter: token")]
    [InlineData("", "Titan upload without parameters")]
    public async Task Bad_parameters_are_59(string parameters, string meta)
    {
        var response = await Client().SendRawAsync(Encoding.UTF8.GetBytes($"titan://localhost/uploads/x{parameters}\r\n"), "x"u8.ToArray()).WaitAsync(Limit);

        Assert.Equal((59, meta), ((int)response.Status, response.Meta));
    }

    [Fact]
    public async Task A_route_that_demands_a_token_answers_60_without_one_and_61_with_another()
    {
        var client = Client(o => o.Titan.Tokens.Add("s3cret"));
        var name = Name();

        var none = await client.UploadAsync($"/uploads/secret/{name}", "x").WaitAsync(Limit);
        var wrong = await client.UploadAsync($"/uploads/secret/{name}", "x", token: "guess").WaitAsync(Limit);
        var right = await client.UploadAsync($"/uploads/secret/{name}", "x", token: "s3cret").WaitAsync(Limit);

        Assert.Equal((60, "Upload token required"), ((int)none.Status, none.Meta));
        Assert.Equal((61, "Upload token not accepted"), ((int)wrong.Status, wrong.Meta));
        Assert.Equal("stored with token s3cret from localhost", right.Text);
    }

    [Fact]
    public async Task Titan_and_gemini_routes_answer_only_their_own_scheme()
    {
        var client = Client();

        var geminiToTitanOnly = await client.GetAsync("/uploads/secret/x").WaitAsync(Limit);
        var titanToGeminiOnly = await client.UploadAsync("/about", "x").WaitAsync(Limit);
        var titanNowhere = await client.UploadAsync("/nothing/here/at/all", "x").WaitAsync(Limit);

        Assert.Equal(51, (int)geminiToTitanOnly.Status);
        Assert.Equal(51, (int)titanToGeminiOnly.Status);
        Assert.Equal(51, (int)titanNowhere.Status);
    }

    [Fact]
    public async Task A_titan_request_for_another_host_is_53()
    {
        var app = TestApps.Create(o => o.HostNames.Add("capsule.example"), b => InjectedCapsule.AddServices(b.Services));
        Configure(app);

        var response = await new TestClient(app, "elsewhere.example").UploadAsync("/uploads/x", "x").WaitAsync(Limit);

        Assert.Equal(53, (int)response.Status);
    }

    private static async Task<string> TitanClientAsync(int port, string url, string body, int? send = null)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[Path.Combine(BackendProcess.BackendsDirectory, "titan_client.py"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), url, body])
        {
            start.ArgumentList.Add(argument);
        }

        if (send is { } n)
        {
            start.ArgumentList.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var process = ChildProcesses.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await ProcessExit.WaitOrKillAsync(process, Limit, () => $"the Titan client did not finish within {Limit.TotalSeconds} s: {url}");

        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }

    [Fact]
    public async Task Over_real_TLS_an_upload_is_stored_and_read_back()
    {
        await using var server = await RunningApp.StartAsync(Configure, builder: GeneratedApps.AddServices);
        var name = Name();
        var body = new string('w', 3000)[..900] + "\n"; // more than the request line's read can carry

        var put = await TitanClientAsync(server.Port, $"titan://localhost:{server.Port}/uploads/{name};mime=text/plain;size={body.Length}", body);
        var get = await OpenSslClient.GetAsync(server.Port, server.Url($"/uploads/{name}")).WaitAsync(Limit);

        Assert.Equal($"30 /uploads/{name}\r\n", put);
        Assert.Equal($"20 text/plain\r\n{body}", get.Text);
    }

    [Fact]
    public async Task Over_real_TLS_an_over_size_upload_is_refused_before_its_body_is_sent()
    {
        await using var server = await RunningApp.StartAsync(Configure, builder: GeneratedApps.AddServices);
        var name = Name();

        // The client sends the line only and waits: the answer must come without the body.
        var answer = await TitanClientAsync(server.Port, $"titan://localhost:{server.Port}/uploads/{name};size=5000", "unused", send: -1);

        Assert.Equal("50 Upload exceeds 1000 bytes\r\n", answer);
        Assert.False(UploadRoutes.Calls.ContainsKey(name));
    }

    [Fact]
    public async Task Over_real_TLS_a_short_body_gets_no_handler_call_and_no_answer()
    {
        await using var server = await RunningApp.StartAsync(Configure, builder: GeneratedApps.AddServices);
        var name = Name();

        var answer = await TitanClientAsync(server.Port, $"titan://localhost:{server.Port}/uploads/{name};size=100", new string('x', 100), send: 40);
        var after = await OpenSslClient.GetAsync(server.Port, server.Url($"/uploads/{name}")).WaitAsync(Limit);

        Assert.Empty(answer);
        Assert.False(UploadRoutes.Calls.ContainsKey(name));
        Assert.StartsWith("51 ", after.Text); // nothing stored, and the server still serves
    }

    [Fact]
    public async Task Over_real_TLS_a_delete_and_a_gemini_request_to_an_upload_path()
    {
        await using var server = await RunningApp.StartAsync(Configure, builder: GeneratedApps.AddServices);
        var name = Name();
        await TitanClientAsync(server.Port, $"titan://localhost:{server.Port}/uploads/{name};size=2", "hi");

        var delete = await TitanClientAsync(server.Port, $"titan://localhost:{server.Port}/uploads/{name};size=0", "");
        var gemini = await OpenSslClient.GetAsync(server.Port, server.Url("/uploads/secret/x")).WaitAsync(Limit);

        Assert.Equal("30 /uploads/\r\n", delete);
        Assert.StartsWith("51 ", gemini.Text);
    }

    [Theory]
    [InlineData("/uploads/x;size=abc", "59 Titan size must be a whole number of bytes\r\n")]
    [InlineData("/uploads/x;size=1;mime=plain", "59 Titan mime must be a type/subtype\r\n")]
    [InlineData("/uploads/secret/x;size=1", "60 Upload token required\r\n")]
    [InlineData("/uploads/secret/x;size=1;token=guess", "61 Upload token not accepted\r\n")]
    public async Task Over_real_TLS_bad_parameters_and_tokens_are_refused(string pathAndParameters, string answer)
    {
        await using var server = await RunningApp.StartAsync(Configure, o => o.Titan.Tokens.Add("s3cret"), builder: GeneratedApps.AddServices);

        var got = await TitanClientAsync(server.Port, $"titan://localhost:{server.Port}{pathAndParameters}", "x", send: -1);

        Assert.Equal(answer, got);
    }

    [Fact]
    public async Task The_sample_wiki_takes_an_edit_over_Titan()
    {
        using var directory = new TempDirectory();
        var (process, port) = await SampleProcess.StartAsync(directory.Path);
        using (process)
        {
            try
            {
                var text = "# Notes\n\nEdited with Titan.\n";
                var size = Encoding.UTF8.GetByteCount(text);
                var anonymous = await TitanClientAsync(port, $"titan://localhost:{port}/wiki/notes;mime=text/gemini;size={size}", text);
                var token = File.ReadAllText(Path.Combine(directory.Path, ".certificates", "wiki-token")).Trim();
                var put = await TitanClientAsync(port, $"titan://localhost:{port}/wiki/notes;mime=text/gemini;size={size};token={token}", text);
                var page = await OpenSslClient.GetAsync(port, $"gemini://localhost:{port}/wiki/notes").WaitAsync(Limit);

                Assert.Equal("60 Upload token required\r\n", anonymous);
                Assert.Equal("30 /wiki/notes\r\n", put);
                Assert.StartsWith("20 text/gemini\r\n# Notes\n\nEdited with Titan.\n", page.Text);
                Assert.Contains($"=> titan://localhost:{port}/wiki/notes Edit this page (Titan, with the wiki's token)", page.Text);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory.Path, ".certificates", "wiki-token")));
                }
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(Limit);
            }
        }
    }
}
