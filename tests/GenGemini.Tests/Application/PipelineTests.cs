using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Application;

public class PipelineTests
{
    private static GeminiApp NewApp(Action<GeminiOptions>? configure = null) => TestApps.Create(configure);

    private sealed class RecordingMount(string name) : IGeminiHandler
    {
        public ValueTask<Response> HandleAsync(Request request) =>
            ValueTask.FromResult(Response.Success($"{name} prefix={request.MountPrefix} info={request.PathInfo} query={request.RawQuery}"));
    }

    [Fact]
    public async Task Middleware_runs_first_registered_outermost()
    {
        var log = new List<string>();
        var app = NewApp();
        app.Use(async (ctx, next) => { log.Add("a-in"); await next(ctx); log.Add("a-out"); });
        app.Use(async (ctx, next) => { log.Add("b-in"); await next(ctx); log.Add("b-out"); });
        app.Map("/", _ => { log.Add("handler"); return "ok"; });

        var response = await new TestClient(app).GetAsync("/");

        Assert.Equal(20, (int)response.Status);
        Assert.Equal(["a-in", "b-in", "handler", "b-out", "a-out"], log);
    }

    [Fact]
    public async Task Middleware_can_short_circuit()
    {
        var handlerRan = false;
        var app = NewApp();
        app.Use((ctx, next) =>
        {
            ctx.Response = Response.SlowDown(10);
            return Task.CompletedTask;
        });
        app.Map("/", _ => { handlerRan = true; return "ok"; });

        var response = await new TestClient(app).GetAsync("/");

        Assert.Equal(44, (int)response.Status);
        Assert.Equal("10", response.Meta);
        Assert.False(handlerRan);
    }

    [Fact]
    public async Task Middleware_sees_errors_as_their_final_status()
    {
        StatusCode? seen = null;
        var app = NewApp();
        app.Use(async (ctx, next) => { await next(ctx); seen = ctx.Response?.Status; });
        app.Map("/boom", Response (Request _) => throw new InvalidOperationException("secret detail /etc/x"));

        var response = await new TestClient(app).GetAsync("/boom");

        Assert.Equal(StatusCode.TemporaryFailure, seen);
        Assert.Equal("Internal server error", response.Meta);
        Assert.DoesNotContain("secret", response.Meta);
    }

    [Fact]
    public async Task Gemini_exception_carries_its_status()
    {
        var app = NewApp();
        app.Map("/gone", Response (Request _) => throw new GeminiException(StatusCode.Gone, "Moved away for good"));

        var response = await new TestClient(app).GetAsync("/gone");

        Assert.Equal(52, (int)response.Status);
        Assert.Equal("Moved away for good", response.Meta);
    }

    [Fact]
    public async Task Exception_thrown_by_middleware_becomes_40()
    {
        var app = NewApp();
        app.Use((_, _) => throw new InvalidOperationException("bad middleware"));
        app.Map("/", _ => "ok");

        var response = await new TestClient(app).GetAsync("/");

        Assert.Equal(40, (int)response.Status);
    }

    [Fact]
    public async Task Unknown_path_is_51()
    {
        var app = NewApp();
        app.Map("/", _ => "home");

        var response = await new TestClient(app).GetAsync("/nope");

        Assert.Equal(51, (int)response.Status);
        Assert.True(response.IsError);
    }

    [Fact]
    public async Task Mount_takes_precedence_over_routes_and_gets_path_info()
    {
        var app = NewApp();
        app.Map("/api/users", _ => "route");
        app.Mount("/api", new RecordingMount("mount"));
        var client = new TestClient(app);

        Assert.Equal("mount prefix=/api info=/users query=", (await client.GetAsync("/api/users")).Text);
        Assert.Equal("mount prefix=/api info= query=", (await client.GetAsync("/api")).Text);
        Assert.Equal("mount prefix=/api info=/ query=q%20x", (await client.GetAsync("/api/?q%20x")).Text);
        Assert.Equal(51, (int)(await client.GetAsync("/apix")).Status);
    }

    [Fact]
    public async Task Longest_mount_prefix_wins()
    {
        var app = NewApp();
        app.Mount("/api", new RecordingMount("outer"));
        app.Mount("/api/v2/", new RecordingMount("inner"));
        var client = new TestClient(app);

        Assert.Equal("inner prefix=/api/v2 info=/x query=", (await client.GetAsync("/api/v2/x")).Text);
        Assert.Equal("outer prefix=/api info=/v1 query=", (await client.GetAsync("/api/v1")).Text);
    }

    [Fact]
    public async Task Empty_path_and_slash_reach_the_same_handler()
    {
        var app = NewApp();
        app.Map("/", _ => "home");
        var client = new TestClient(app);

        Assert.Equal("home", (await client.GetAsync("gemini://localhost")).Text);
        Assert.Equal("home", (await client.GetAsync("gemini://localhost/")).Text);
    }

    [Fact]
    public async Task Other_trailing_slash_form_redirects_to_the_declared_one()
    {
        var app = NewApp();
        app.Map("/docs/", _ => "docs");
        app.Map("/about", _ => "about");
        var client = new TestClient(app);

        var toSlash = await client.GetAsync("/docs?x");
        Assert.Equal(31, (int)toSlash.Status);
        Assert.Equal("/docs/?x", toSlash.Meta);
        var fromSlash = await client.GetAsync("/about/");
        Assert.Equal(31, (int)fromSlash.Status);
        Assert.Equal("/about", fromSlash.Meta);
    }

    [Fact]
    public async Task Input_helper_percent_encodes_and_the_handler_sees_decoded_query()
    {
        var app = NewApp();
        app.Map("/search", r => r.Query is null ? Response.Input("Search for?") : $"q={r.Query} raw={r.RawQuery}");
        var client = new TestClient(app);

        var prompt = await client.GetAsync("/search");
        Assert.True(prompt.IsInput);
        Assert.Equal("Search for?", prompt.Meta);
        Assert.Equal("q=a+b c/é raw=a%2Bb%20c%2F%C3%A9", (await client.InputAsync("/search", "a+b c/é")).Text);
    }

    [Fact]
    public async Task Client_certificate_identity_reaches_the_handler()
    {
        var app = NewApp();
        app.Map("/me", r => r.ClientCertificateHash is { } h ? h : Response.ClientCertificateRequired());
        var client = new TestClient(app);

        Assert.Equal(60, (int)(await client.GetAsync("/me")).Status);
        Assert.Equal("abc123", (await client.WithCertificate("ABC123").GetAsync("/me")).Text);
    }

    [Fact]
    public async Task Requests_for_hosts_not_served_get_53()
    {
        var app = NewApp(o => o.HostNames.Add("example.org"));
        app.Map("/", _ => "home");
        var client = new TestClient(app);

        Assert.Equal(20, (int)(await client.GetAsync("gemini://EXAMPLE.org/")).Status);
        Assert.Equal(53, (int)(await client.GetAsync("gemini://other.org/")).Status);
        Assert.Equal(53, (int)(await client.GetAsync("gemini://example.org:1966/")).Status);
    }

    [Fact]
    public async Task Bad_request_lines_get_59_through_the_test_client()
    {
        var app = NewApp();
        var client = new TestClient(app);

        Assert.Equal(59, (int)(await client.SendRawAsync("gemini://localhost/\n"u8.ToArray())).Status);
        Assert.Equal(59, (int)(await client.GetAsync("gemini://u@localhost/")).Status);
        Assert.Equal(53, (int)(await client.GetAsync("https://localhost/")).Status);
    }

    [Fact]
    public async Task Typed_and_named_state_is_shared()
    {
        var app = NewApp();
        app.State.Set(new List<string> { "x" });
        app.State["db_url"] = "postgres://db";
        app.Map("/", r => $"{app.State.Get<List<string>>()[0]} {app.State["db_url"]}");

        Assert.Equal("x postgres://db", (await new TestClient(app).GetAsync("/")).Text);
        Assert.Throws<InvalidOperationException>(() => app.State.Get<string>());
    }

    [Fact]
    public async Task Request_items_carry_state_from_middleware_to_handler()
    {
        var app = NewApp();
        app.Use(async (ctx, next) => { ctx.Request.Items["user"] = "ada"; await next(ctx); });
        app.Map("/", r => $"hello {r.Items["user"]}");

        Assert.Equal("hello ada", (await new TestClient(app).GetAsync("/")).Text);
    }

    [Fact]
    public async Task Percent_encoded_exact_paths_match_after_decoding()
    {
        var app = NewApp();
        app.Map("/café", _ => "coffee");

        Assert.Equal("coffee", (await new TestClient(app).GetAsync("/caf%C3%A9")).Text);
    }

    [Fact]
    public async Task Configuring_after_the_first_request_is_refused()
    {
        var app = NewApp();
        app.Map("/", _ => "x");
        await new TestClient(app).GetAsync("/");
        Assert.Throws<InvalidOperationException>(() => app.Map("/late", _ => "late"));
    }
}
