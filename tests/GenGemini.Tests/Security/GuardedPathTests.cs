using GenGemini.Protocol;
using GenGemini.Relay;
using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Security;

/// <summary>
/// One normalised path for mounts, guards, routes and files: no spelling of a guarded path
/// (doubled slashes, an encoded slash, dot segments, another case) reaches what the guard protects.
/// </summary>
public sealed class GuardedPathTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _files = new();

    public GuardedPathTests()
    {
        Directory.CreateDirectory(Path.Combine(_files.Path, "private"));
        File.WriteAllText(Path.Combine(_files.Path, "private", "secret.gmi"), "# Secret\n");
        File.WriteAllText(Path.Combine(_files.Path, "public.gmi"), "# Public\n");
        Directory.CreateDirectory(Path.Combine(_files.Path, "evil.example"));
        File.WriteAllText(Path.Combine(_files.Path, "evil.example", "index.gmi"), "# Not another host\n");
    }

    public void Dispose() => _files.Dispose();

    public static TheoryData<string> Spellings => new()
    {
        "/sec/private/secret.gmi",
        "/sec//private/secret.gmi",
        "/sec///private//secret.gmi",
        "/sec/%2fprivate/secret.gmi",
        "/sec/%2Fprivate/secret.gmi",
        "/sec/./private/secret.gmi",
        "/sec/x/../private/secret.gmi",
        "/sec/%2e/private/secret.gmi",
        "/sec/public.gmi/../private/secret.gmi",
        "/sec/private%2fsecret.gmi",
        "/sec/private%5csecret.gmi",
    };

    private TestClient Guarded(Func<IGeminiHandler, IGeminiHandler> guard, Action<GeminiOptions>? options = null)
    {
        var app = TestApps.Create(options);
        app.MapStaticFiles("/sec", _files.Path);
        app.Mount("/sec/private", guard(new global::GenGemini.StaticFiles.StaticFileHandler(Path.Combine(_files.Path, "private"))));
        return new TestClient(app);
    }

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task A_certificate_guard_holds_for_every_spelling_of_its_path(string path)
    {
        var response = await Guarded(h => h.RequireCertificate()).GetAsync(path).WaitAsync(Limit);

        Assert.NotEqual(StatusCode.Success, response.Status);
        Assert.Contains((int)response.Status, new[] { 59, 60 });
    }

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task An_access_list_holds_for_every_spelling_of_its_path(string path)
    {
        var response = await Guarded(h => h.RestrictTo(NetworkAccessList.Parse(["10.9.8.7/32"]))).GetAsync(path).WaitAsync(Limit);

        Assert.NotEqual(StatusCode.Success, response.Status);
    }

    [Fact]
    public async Task A_rate_limit_counts_every_spelling_of_its_path()
    {
        var client = Guarded(h => h.WithRateLimit("tight"), o => o.RateLimit.Policies["tight"] = new RateLimitPolicyOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(5) });

        var statuses = new List<int>();
        foreach (var path in new[] { "/sec/private/secret.gmi", "/sec//private/secret.gmi", "/sec/./private/secret.gmi", "/sec/x/../private//secret.gmi" })
        {
            statuses.Add((int)(await client.GetAsync(path).WaitAsync(Limit)).Status);
        }

        Assert.Equal([20, 44, 44, 44], statuses);
    }

    [Fact]
    public async Task The_guarded_file_is_served_to_whom_the_guard_admits_and_other_files_to_anyone()
    {
        var client = Guarded(h => h.RequireCertificate());

        Assert.Equal("# Secret\n", (await client.WithCertificate("ab12").GetAsync("/sec//private/secret.gmi").WaitAsync(Limit)).Text);
        Assert.Equal("# Public\n", (await client.GetAsync("/sec//public.gmi").WaitAsync(Limit)).Text);
    }

    [Fact]
    public async Task A_host_static_root_behind_a_guarded_mount_is_guarded_too()
    {
        var app = TestApps.Create(o => o.Hosts["localhost"] = new GeminiHostOptions { StaticRoot = _files.Path + "/" });
        app.Mount("/private", new Fixed("guarded").RequireCertificate());
        var client = new TestClient(app);

        foreach (var path in new[] { "/private/secret.gmi", "//private/secret.gmi", "/%2fprivate/secret.gmi", "/./private/secret.gmi" })
        {
            var response = await client.GetAsync(path).WaitAsync(Limit);
            Assert.True(response.Status is StatusCode.ClientCertificateRequired or StatusCode.BadRequest, $"{path}: {response}");
        }

        // And the root written with a trailing slash serves its files (it answered 59 to everything).
        Assert.Equal("# Public\n", (await client.GetAsync("/public.gmi").WaitAsync(Limit)).Text);
    }

    [Fact]
    public async Task A_root_static_tree_never_redirects_to_another_host()
    {
        // A host's static root: the whole tree from "/" (a Mount("/") would shadow this compilation's routes).
        var app = TestApps.Create(o => o.Hosts["localhost"] = new GeminiHostOptions { StaticRoot = _files.Path });
        var client = new TestClient(app);

        foreach (var path in new[] { "//evil.example", "///evil.example", "/.//evil.example" })
        {
            var response = await client.GetAsync(path).WaitAsync(Limit);
            Assert.Equal(StatusCode.RedirectPermanent, response.Status);
            Assert.Equal("/evil.example/", response.Meta);
        }
    }

    [Fact]
    public async Task A_mount_prefix_follows_the_same_path_rule_as_requests()
    {
        var app = TestApps.Create();
        app.MapStaticFiles("/sec", _files.Path);
        app.Mount("/sec//./private/", new global::GenGemini.StaticFiles.StaticFileHandler(Path.Combine(_files.Path, "private")).RequireCertificate());
        var client = new TestClient(app);

        Assert.Equal(StatusCode.ClientCertificateRequired, (await client.GetAsync("/sec/private/secret.gmi").WaitAsync(Limit)).Status);
        Assert.Throws<ArgumentException>(() => app.Mount("/a%2fb", new Fixed("x")));
        Assert.Throws<ArgumentException>(() => app.Mount("relative", new Fixed("x")));
    }

    [Fact]
    public async Task Middleware_that_checks_a_path_prefix_sees_what_routes_see()
    {
        var app = TestApps.Create();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWith("/admin", StringComparison.Ordinal) && !context.Request.HasClientCertificate)
            {
                context.Response = Response.ClientCertificateRequired();
                return;
            }

            await next(context);
        });
        app.Map("/admin", _ => "# Admin\n");
        var client = new TestClient(app);

        foreach (var path in new[] { "/admin", "//admin", "/./admin", "/x/../admin" })
        {
            Assert.Equal(StatusCode.ClientCertificateRequired, (await client.GetAsync(path).WaitAsync(Limit)).Status);
        }

        // Paths are case-sensitive everywhere: another case is another (absent) resource.
        Assert.Equal(StatusCode.NotFound, (await client.GetAsync("/ADMIN").WaitAsync(Limit)).Status);
    }

    [Fact]
    public async Task Generated_route_literals_are_case_sensitive_like_mounts()
    {
        var client = new TestClient(GeneratedApps.Create());

        Assert.Equal(StatusCode.Success, (await client.GetAsync("/typed/int/5").WaitAsync(Limit)).Status);
        Assert.Equal(StatusCode.NotFound, (await client.GetAsync("/TYPED/int/5").WaitAsync(Limit)).Status);
    }

    [Theory]
    [InlineData("gemini://h/a%00b", "Control character in path")]
    [InlineData("gemini://h/a%0ab", "Control character in path")]
    [InlineData("gemini://h/a%c2%85b", "Control character in path")]
    [InlineData("gemini://h/a\u0085b", "Control character in path")]
    [InlineData("gemini://h/a%2fb", "Encoded slash in path")]
    [InlineData("gemini://h/..%2fetc", "Encoded slash in path")]
    [InlineData("gemini://h/a/%2e%2e/%2e%2e/b", "Path climbs above the root")]
    public void The_parser_refuses_what_would_mean_different_paths_to_different_layers(string url, string meta)
    {
        Assert.False(RequestLineParser.TryParse(System.Text.Encoding.UTF8.GetBytes(url), out _, out var error));
        Assert.Equal((StatusCode.BadRequest, meta), (error.Status, error.Meta));
    }

    [Theory]
    [InlineData("gemini://h//a//b/", "/a/b/")]
    [InlineData("gemini://h/a/./b/../c", "/a/c")]
    [InlineData("gemini://h/a/%2E%2e/b", "/b")]
    [InlineData("gemini://h", "/")]
    [InlineData("gemini://h//", "/")]
    [InlineData("gemini://h/a/.", "/a/")]
    [InlineData("gemini://h/a/%2e", "/a/")]
    [InlineData("gemini://h/a/b/..", "/a/")]
    public void The_parser_gives_one_normal_path(string url, string path)
    {
        Assert.True(RequestLineParser.TryParse(System.Text.Encoding.UTF8.GetBytes(url), out var uri, out _));
        Assert.Equal(path, uri!.Path);
        Assert.Equal(path, uri.RawPath);
    }

    [Fact]
    public void The_normalisation_takes_an_empty_path_as_the_root_and_refuses_a_relative_one()
    {
        Assert.True(RequestPaths.TryNormalize(string.Empty, out var rawPath, out var path, out _));
        Assert.Equal(("/", "/"), (rawPath, path));
        Assert.False(RequestPaths.TryNormalize("a/b", out _, out _, out var problem));
        Assert.Equal("Malformed path", problem);
    }

    [Fact]
    public void The_relay_forwards_the_normal_path()
    {
        var relay = new GeminiRelayHandler("gemini://backend.example/base/", null);
        Assert.True(RequestLineParser.TryParse("gemini://localhost/old/a/%2e%2e//b/./c"u8, out var uri, out _));
        var request = new GeminiExchange(uri!, new ConnectionInfo(null, null, System.Security.Authentication.SslProtocols.None, null)) { MountPrefix = "/old", PathInfo = "/b/c" }.Request;

        Assert.Equal("gemini://backend.example/base/b/c", relay.TargetUrl(request));
    }

    private sealed class Fixed(string text) : IGeminiHandler
    {
        public ValueTask<Response> HandleAsync(Request request) => ValueTask.FromResult<Response>(text);
    }
}
