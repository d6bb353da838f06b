using GenGemini.Tests.Infrastructure;
using GenGemini.Generated;
using GenGemini.Testing;

namespace GenGemini.Tests.Routing;

/// <summary>The generated route table of this assembly, driven through TestClient.</summary>
public class RoutingTests
{
    private static TestClient Client(InstanceRoutes? instance = null)
    {
        var app = TestApps.Create(builder: b => Hosting.InjectedCapsule.AddServices(b.Services));
        app.MapGenerated(instanceRoutes: instance, needsDependency: new NeedsDependency("hi there"));
        return new TestClient(app);
    }

    [Theory]
    [InlineData("/typed/int/-42", "int -42")]
    [InlineData("/typed/long/9000000000", "long 9000000000")]
    [InlineData("/typed/guid/0f8fad5b-d9cb-469f-a165-70867728950e", "guid 0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("/typed/bool/true", "bool True")]
    [InlineData("/typed/bool/False", "bool False")]
    [InlineData("/typed/double/2.5e3", "double 2500")]
    [InlineData("/typed/decimal/19.99", "decimal 19.99")]
    [InlineData("/typed/float/0.5", "float 0.5")]
    [InlineData("/typed/alpha/Hello", "alpha Hello")]
    [InlineData("/typed/implied/7", "implied int 7")]
    [InlineData("/typed/text/a%20b%3Fc", "text a b?c")]
    public async Task Each_constraint_binds_its_type(string path, string body)
    {
        var response = await Client().GetAsync(path);
        Assert.Equal(20, (int)response.Status);
        Assert.Equal(body, response.Text);
    }

    [Theory]
    [InlineData("/typed/int/4.5")]
    [InlineData("/typed/int/99999999999")]
    [InlineData("/typed/long/x")]
    [InlineData("/typed/guid/not-a-guid")]
    [InlineData("/typed/bool/yes")]
    [InlineData("/typed/double/NaN")]
    [InlineData("/typed/decimal/1e")]
    [InlineData("/typed/alpha/abc1")]
    [InlineData("/typed/implied/seven")]
    [InlineData("/typed/text/")]
    public async Task A_value_that_fails_its_constraint_does_not_match(string path) =>
        Assert.Equal(51, (int)(await Client().GetAsync(path)).Status);

    [Theory]
    [InlineData("/p/new", "literal")]
    [InlineData("/p/NEW", "parameter NEW")] // literals are case-sensitive, as mounts and files are
    [InlineData("/p/12", "constrained 12")]
    [InlineData("/p/twelve", "parameter twelve")]
    [InlineData("/p/a/b", "catch-all a/b")]
    [InlineData("/p/", "catch-all ")]
    public async Task Precedence_does_not_depend_on_declaration_order(string path, string body) =>
        Assert.Equal(body, (await Client().GetAsync(path)).Text);

    [Theory]
    [InlineData("/files/a/b/c.txt", "path=[a/b/c.txt]")]
    [InlineData("/files/caf%C3%A9/x%20y", "path=[café/x y]")]
    [InlineData("/files/users", "all users")]
    [InlineData("/files/users/ada", "user ada")]
    [InlineData("/files/page", "page none")]
    [InlineData("/files/page/2", "page 2")]
    [InlineData("/files/page/two", "path=[page/two]")]
    public async Task Optional_and_catch_all_parameters(string path, string body) =>
        Assert.Equal(body, (await Client().GetAsync(path)).Text);

    [Fact]
    public async Task Percent_encoded_literal_segments_match()
    {
        var client = Client();
        Assert.Equal("coffee au lait", (await client.GetAsync("/caf%C3%A9/au%20lait")).Text);
        Assert.Equal("coffee noir", (await client.GetAsync("/café/noir")).Text);
    }

    [Fact]
    public async Task Input_route_prompts_without_a_query_and_binds_it_with_one()
    {
        var client = Client();

        var prompt = await client.GetAsync("/ask");
        Assert.Equal(10, (int)prompt.Status);
        Assert.Equal("Your name?", prompt.Meta);

        var empty = await client.GetAsync("/ask?");
        Assert.Equal(10, (int)empty.Status);

        Assert.Equal("hello Ada Lovelace", (await client.InputAsync("/ask", "Ada Lovelace")).Text);
    }

    [Fact]
    public async Task Sensitive_input_route_answers_11_and_binds_path_and_query()
    {
        var client = Client();

        var prompt = await client.GetAsync("/secret/3");
        Assert.Equal(11, (int)prompt.Status);
        Assert.Equal("Password?", prompt.Meta);
        Assert.Equal("slot 3 pw p@ss w+rd raw p%40ss%20w%2Brd", (await client.InputAsync("/secret/3", "p@ss w+rd")).Text);
    }

    [Fact]
    public async Task Async_and_void_handlers()
    {
        var client = Client();

        Assert.Equal("task string", (await client.GetAsync("/async/task")).Text);
        Assert.Equal("not cancellable", (await client.GetAsync("/async/valuetask")).Text);
        var nothing = await client.GetAsync("/void");
        Assert.Equal(20, (int)nothing.Status);
        Assert.Equal("text/gemini", nothing.Meta);
        Assert.True(nothing.Body.IsEmpty);
        Assert.Equal(20, (int)(await client.GetAsync("/async/void-task")).Status);
    }

    [Fact]
    public async Task Instances_are_created_once_or_passed_in()
    {
        var client = Client();
        Assert.Equal("calls 1", (await client.GetAsync("/counter")).Text);
        Assert.Equal("calls 2", (await client.GetAsync("/counter")).Text);
        Assert.Equal("hi there", (await client.GetAsync("/greet")).Text);

        var given = new InstanceRoutes();
        var other = Client(given);
        await other.GetAsync("/counter");
        Assert.Equal("calls 2", (await other.GetAsync("/counter")).Text);
    }

    [Fact]
    public void A_route_class_whose_constructor_needs_an_unregistered_service_fails_MapGenerated()
    {
        var app = TestApps.Create(builder: b => Hosting.InjectedCapsule.AddServices(b.Services));
        var error = Assert.Throws<InvalidOperationException>(() => app.MapGenerated());
        Assert.Contains("System.String", error.Message); // NeedsDependency(string greeting): not a service anyone registered
    }

    [Fact]
    public async Task Unmatched_paths_are_51_and_handler_exceptions_keep_their_status()
    {
        var client = Client();
        Assert.Equal(51, (int)(await client.GetAsync("/no/such/route")).Status);
        var gone = await client.GetAsync("/throws");
        Assert.Equal(52, (int)gone.Status);
        Assert.Equal("Gone for good", gone.Meta);
    }

    [Fact]
    public async Task Trailing_slash_variant_redirects()
    {
        var response = await Client().GetAsync("/counter/");
        Assert.Equal(31, (int)response.Status);
        Assert.Equal("/counter", response.Meta);
    }

    [Fact]
    public void Typed_links_percent_encode_values()
    {
        Assert.Equal("/typed/int/5", TypedRoutes.Links.Int(5));
        Assert.Equal("/typed/text/a%20b%2Fc%3F", TypedRoutes.Links.Text("a b/c?"));
        Assert.Equal("/typed/double/0.1", TypedRoutes.Links.Double(0.1));
        Assert.Equal("/typed/bool/true", TypedRoutes.Links.Bool(true));
        Assert.Equal("/files/a/b%20c/d", FileRoutes.Links.Files("a/b c/d"));
        Assert.Equal("/files/users", FileRoutes.Links.Users());
        Assert.Equal("/files/users/ada", FileRoutes.Links.Users("ada"));
        Assert.Equal("/files/page/3", FileRoutes.Links.Page(3));
        Assert.Equal("/ask?Ada%20L.", InstanceRoutes.Links.Ask("Ada L."));
        Assert.Equal("/ask", InstanceRoutes.Links.Ask());
        Assert.Equal("/caf%C3%A9/x", InstanceRoutes.Links.Cafe("x"));
        Assert.Equal("/p/new", PrecedenceRoutes.Links.Literal());
    }

    [Fact]
    public async Task Links_round_trip_through_the_router()
    {
        var client = Client();
        Assert.Equal("text a b?c", (await client.GetAsync(TypedRoutes.Links.Text("a b?c"))).Text);
        Assert.Equal("path=[x/ü y]", (await client.GetAsync(FileRoutes.Links.Files("x/ü y"))).Text);
        Assert.Equal("double 0.1", (await client.GetAsync(TypedRoutes.Links.Double(0.1))).Text);
    }

    [Fact]
    public void The_table_lists_templates_in_precedence_order()
    {
        var templates = GeneratedRouteTable.Templates.Where(t => t.StartsWith("/p/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/p/new", "/p/{id:int}", "/p/{name}", "/p/{*rest}"], templates);
    }
}
