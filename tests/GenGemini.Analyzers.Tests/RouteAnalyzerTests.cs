using static GenGemini.Analyzers.Tests.AnalyzerHarness;

namespace GenGemini.Analyzers.Tests;

public class RouteAnalyzerTests
{
    [Theory]
    [InlineData("""[Gemini("users/{id")] public string M(string id) => "";""", "{id")]
    [InlineData("""[Gemini("users/id}")] public string M() => "";""", "id}")]
    [InlineData("""[Gemini("a/x{id}y")] public string M(string id) => "";""", "x{id}y")]
    [InlineData("""[Gemini("a b")] public string M() => "";""", " ")]
    [InlineData("""[Gemini("search?q=1")] public string M() => "";""", "?q=1")]
    [InlineData("""[Gemini("page#top")] public string M() => "";""", "#top")]
    [InlineData("""[Gemini("a//b")] public string M() => "";""", "/")]
    public async Task GG0001_invalid_template_syntax(string member, string offending) =>
        await AssertSingleAsync(Route(member), "GG0001", offending);

    [Fact]
    public async Task GG0001_template_over_1024_bytes_once_prefixed()
    {
        var long1020 = new string('a', 1020);
        await AssertNoneAsync(Route($$"""[Gemini("{{long1020}}")] public string M() => "";"""));
        await AssertSingleAsync(Route($$"""[Gemini("{{long1020}}")] public string M() => "";""", """[Gemini("/prefix")]"""), "GG0001", long1020);
    }

    [Theory]
    [InlineData("""[Gemini("u/{}")] public string M() => "";""", "{}")]
    [InlineData("""[Gemini("u/{1d}")] public string M() => "";""", "{1d}")]
    [InlineData("""[Gemini("u/{a-b}")] public string M() => "";""", "{a-b}")]
    public async Task GG0002_invalid_parameter_name(string member, string offending) =>
        await AssertSingleAsync(Route(member), "GG0002", offending);

    [Fact]
    public async Task GG0003_unknown_constraint() =>
        await AssertSingleAsync(Route("""[Gemini("users/{id:integer}")] public string M(int id) => "";"""), "GG0003", "{id:integer}");

    [Fact]
    public async Task GG0004_duplicate_parameter() =>
        await AssertSingleAsync(Route("""[Gemini("{id}/x/{ID}")] public string M(string id) => "";"""), "GG0004", "{ID}");

    [Fact]
    public async Task GG0005_catch_all_not_last() =>
        await AssertSingleAsync(Route("""[Gemini("files/{*rest}/edit")] public string M(string rest) => "";"""), "GG0005", "{*rest}");

    [Fact]
    public async Task GG0006_optional_not_last() =>
        await AssertSingleAsync(Route("""[Gemini("blog/{page?}/x")] public string M(string? page) => "";"""), "GG0006", "{page?}");

    [Theory]
    [InlineData("""[Gemini("users/{id:int}")] public string M(Guid id) => "";""", "{id:int}")]
    [InlineData("""[Gemini("users/{id:alpha}")] public string M(int id) => "";""", "{id:alpha}")]
    [InlineData("""[Gemini("files/{*rest}")] public string M(int rest) => "";""", "{*rest}")]
    [InlineData("""[Gemini("at/{when}")] public string M(DateTime when) => "";""", "{when}")]
    public async Task GG0007_constraint_incompatible_with_type(string member, string offending) =>
        await AssertSingleAsync(Route(member), "GG0007", offending);

    [Fact]
    public async Task GG0008_template_parameter_without_method_parameter()
    {
        var diagnostic = await AssertSingleAsync(Route("""[Gemini("users/{id:int}")] public string M() => "";"""), "GG0008", "{id:int}");
        Assert.Contains("'id'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task GG0009_method_parameter_nothing_binds() =>
        await AssertSingleAsync(Route("""[Gemini("users")] public string M(int id) => "";"""), "GG0009", "id");

    [Fact]
    public async Task GG0009_input_route_binds_only_one_query_string() =>
        await AssertSingleAsync(Route("""[Input("s")] public string M(string query, string extra) => "";"""), "GG0009", "extra");

    [Fact]
    public async Task GG0010_ambiguous_routes_are_reported_on_both_across_classes()
    {
        var diagnostics = await DiagnoseAsync("""
            using GenGemini;
            public partial class A
            {
                [Gemini("/users/{id:int}")] public string One(int id) => "";
            }

            [Gemini("/users")]
            public partial class B
            {
                [Gemini("{number}")] public string Two(int number) => "";
            }
            """);

        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal("GG0010", d.Id));
        var source = diagnostics[0].Location.SourceTree!.ToString();
        Assert.Equal("\"/users/{id:int}\"", source.Substring(diagnostics[0].Location.SourceSpan.Start, diagnostics[0].Location.SourceSpan.Length));
        Assert.Equal("\"{number}\"", source.Substring(diagnostics[1].Location.SourceSpan.Start, diagnostics[1].Location.SourceSpan.Length));
    }

    [Fact]
    public async Task Routes_that_differ_in_precedence_are_not_ambiguous() => await AssertNoneAsync(Route("""
        [Gemini("users/new")] public string A() => "";
        [Gemini("users/{id:int}")] public string B(int id) => "";
        [Gemini("users/{name}")] public string C(string name) => "";
        [Gemini("users/{*rest}")] public string D(string rest) => "";
        [Gemini("users/{id:int}/posts/{post:guid}")] public string E(int id, Guid post) => "";
        """));

    [Theory]
    [InlineData("""[Gemini("x")] public int M() => 1;""", "int")]
    [InlineData("""[Gemini("x")] public Task<int> M() => Task.FromResult(1);""", "Task<int>")]
    public async Task GG0011_unsupported_return_type(string member, string offending) =>
        await AssertSingleAsync(Route(member), "GG0011", offending);

    [Fact]
    public async Task GG0012_async_void_handler() =>
        await AssertSingleAsync(Route("""[Gemini("x")] public async void M() => await Task.Yield();"""), "GG0012", "M");

    [Fact]
    public async Task GG0013_routes_in_a_class_that_is_not_partial() => await AssertSingleAsync("""
        using GenGemini;
        public class Plain
        {
            [Gemini("/x")] public string M() => "";
        }
        """, "GG0013", "Plain");

    [Fact]
    public async Task GG0023_a_route_class_with_several_public_constructors_and_none_marked() => await AssertSingleAsync("""
        using GenGemini;
        public sealed class Store;
        public partial class Twice
        {
            public Twice() { }
            public Twice(Store store) { }
            [Gemini("/x")] public string M() => "";
        }
        """, "GG0023", "Twice");

    [Fact]
    public async Task A_marked_constructor_and_service_parameters_are_fine()
    {
        var diagnostics = await DiagnoseAsync("""
            using GenGemini;
            using Microsoft.Extensions.DependencyInjection;
            public sealed class Store;
            public interface IClock;
            public partial class Chosen
            {
                public Chosen() { }
                [ActivatorUtilitiesConstructor] public Chosen(Store store) { }
                [Gemini("/x/{id:int}")] public string M(int id, Store store, IClock? clock, [FromServices] Store again) => "";
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task GG0024_a_route_names_a_rate_limit_policy_nobody_declared() => await AssertSingleAsync("""
        using GenGemini;
        [assembly: RateLimitPolicy("uploads", PermitLimit = 5)]
        public partial class Limited
        {
            [Gemini("/a"), RateLimit("uploads")] public string A() => "";
            [Gemini("/b"), RateLimit("upload")] public string B() => "";
        }
        """, "GG0024", "RateLimit(\"upload\")");

    [Fact]
    public async Task GG0025_a_route_names_a_certificate_policy_nobody_declared()
    {
        var diagnostics = await DiagnoseAsync("""
            using GenGemini;
            [assembly: CertificatePolicy("admins")]
            public partial class Guarded
            {
                [Gemini("/a"), RequireCertificate(Policy = "admins")] public string A() => "";
                [Gemini("/b"), RequireCertificate(Policy = "admin")] public string B() => "";
                [Gemini("/c"), RequireCertificate] public string C() => "";
            }
            """);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("GG0025", diagnostic.Id);
        Assert.Contains("'admin'", diagnostic.GetMessage());
    }

    [Fact]
    public async Task The_same_route_on_two_hosts_is_fine_and_on_one_host_twice_is_GG0010()
    {
        var diagnostics = await DiagnoseAsync("""
            using GenGemini;
            [Gemini("/", Host = "a.test")] public partial class A { [Gemini("x")] public string X() => ""; }
            [Gemini("/", Host = "b.test")] public partial class B { [Gemini("x")] public string X() => ""; }
            [Gemini("/")] public partial class Everywhere { [Gemini("x")] public string X() => ""; }
            [Gemini("/", Host = "a.test")] public partial class AgainA { [Gemini("x")] public string X() => ""; }
            """);

        Assert.Equal(["GG0010", "GG0010"], diagnostics.Select(d => d.Id));
    }

    [Fact]
    public async Task GG0024_on_a_class()
    {
        var diagnostics = await DiagnoseAsync("""
            using GenGemini;
            [RateLimit("nobody")]
            public partial class Limited
            {
                [Gemini("/a")] public string A() => "";
            }
            """);

        Assert.Equal("GG0024", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public async Task A_gemini_and_a_titan_route_may_share_a_template_but_two_titan_routes_may_not()
    {
        var diagnostics = await DiagnoseAsync("""
            using GenGemini;
            public partial class Wiki
            {
                [Gemini("/wiki/{page}")] public string Read(string page) => "";
                [Titan("/wiki/{page}")] public string Write(string page, TitanUpload upload) => "";
                [Titan("/wiki/{name}")] public string Again(string name, TitanUpload upload) => "";
            }
            """);

        Assert.Equal(["GG0010", "GG0010"], diagnostics.Select(d => d.Id));
        Assert.All(diagnostics, d => Assert.Contains("Titan", d.Location.SourceTree!.GetText().GetSubText(d.Location.SourceSpan).ToString() + d.Location.SourceTree.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString()));
    }

    [Fact]
    public async Task GG0009_a_value_parameter_outside_the_template_is_still_unbound() => await AssertSingleAsync("""
        using GenGemini;
        public partial class Typo
        {
            [Gemini("/x/{name}")] public string M(string name, string nmae) => "";
        }
        """, "GG0009", "nmae");

    [Fact]
    public async Task GG0020_route_shadowed_by_an_scgi_mount_or_a_mount_call()
    {
        var diagnostics = await DiagnoseAsync("""
            using GenGemini;

            [Scgi("/api", Host = "127.0.0.1", Port = 4000)]
            public partial class Api;

            public partial class Capsule
            {
                [Gemini("/api/users")] public string Users() => "";
                [Gemini("/cgi-bin/{name}")] public string Cgi(string name) => "";
                [Gemini("/apiary")] public string NotShadowed() => "";
            }

            public static class Setup
            {
                public static void Configure(GeminiApp app) => app.Mount("/cgi-bin", new GenGemini.Cgi.CgiHandler("cgi"));
            }
            """);

        Assert.Equal(["GG0020", "GG0020"], diagnostics.Select(d => d.Id));
        Assert.All(diagnostics, d => Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, d.Severity));
        Assert.Contains("'/api'", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'/cgi-bin'", diagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task GG0021_private_handler() =>
        await AssertSingleAsync(Route("""[Gemini("x")] private string M() => "";"""), "GG0021", "M");

    [Fact]
    public async Task A_correct_capsule_has_no_diagnostics() => await AssertNoneAsync(Route("""
        [Gemini("")] public string Home() => "";
        [Gemini("users/{id:int}")] public Response User(int id, Request request) => Response.Success("");
        [Gemini("files/{*path}")] public Task<string> File(string path, CancellationToken ct) => Task.FromResult(path);
        [Gemini("blog/{slug}/{page:int?}")] public ValueTask<Response> Blog(string slug, int? page) => new(Response.Empty());
        [Gemini("n/{value:long}")] public static void N(double value) { }
        [Input("search", Prompt = "Search for?")] public string Search(string query) => query;
        """, """[Gemini("/")]"""));
}
