using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenGemini.Generators.Tests;

public class RouteGeneratorTests
{
    private const string Capsule = """
        using GenGemini;
        using System.Threading.Tasks;

        namespace Sample;

        [Scgi("/api", Host = "127.0.0.1", Port = 4000)]
        public partial class Api;

        [Gemini("/")]
        public partial class Capsule
        {
            [Gemini("")]
            public string Home() => "# Home";

            [Gemini("users/{id:int}")]
            public Response User(int id, Request request) => Response.Success($"user {id}");

            [Gemini("users/new")]
            public static string NewUser() => "new";

            [Gemini("files/{*path}")]
            public Task<string> File(string path) => Task.FromResult(path);

            [Gemini("blog/{slug}/{page:int?}")]
            public ValueTask<Response> Blog(string slug, int? page) => new(Response.Success(slug));

            [Input("search", Prompt = "Search for?")]
            public string Search(string query) => query;

            [Input("login", Prompt = "Password", Sensitive = true, Name = "SignIn")]
            public static void Login(string password) { }
        }
        """;

    [Fact]
    public void Host_scoped_classes_snapshot()
    {
        var (generated, output, _) = CompilationHarness.Run("""
            using GenGemini;

            [Gemini("/", Host = "blog.example")]
            public partial class Blog
            {
                [Gemini("")] public string Home() => "blog";
                [Gemini("posts/{slug}")] public string Post(string slug) => slug;
            }

            [Gemini("/", Host = "*.users.example")]
            public partial class Users
            {
                [Gemini("")] public string Home() => "user";
            }

            [Gemini("/")]
            public partial class Everywhere
            {
                [Gemini("")] public string Home() => "any";
                [Gemini("about")] public static string About() => "about";
            }
            """);
        Snapshot.Match(generated, "HostScoped");
        CompilationHarness.AssertCompiles(output);
    }

    [Fact]
    public void Representative_capsule_snapshot()
    {
        var (generated, output, _) = CompilationHarness.Run(Capsule);
        Snapshot.Match(generated, "RepresentativeCapsule");
        CompilationHarness.AssertCompiles(output);
    }

    [Fact]
    public void Nested_and_global_namespace_classes_snapshot()
    {
        var (generated, output, _) = CompilationHarness.Run("""
            using GenGemini;

            public partial class Outer
            {
                public partial class Inner
                {
                    [Gemini("/nested/{flag:bool}")]
                    public static string Flag(bool flag) => flag.ToString();
                }
            }

            public class NotPartial
            {
                [Gemini("/plain/{id:guid}")]
                public string Plain(System.Guid id) => id.ToString();
            }
            """);
        Snapshot.Match(generated, "NestedAndNotPartial");
        CompilationHarness.AssertCompiles(output);
    }

    [Fact]
    public void Scgi_binding_snapshot()
    {
        var (generated, output, _) = CompilationHarness.Run("""
            using GenGemini;

            namespace Sample;

            [Scgi("/api", Host = "127.0.0.1", Port = 4000, Timeout = 60)]
            public partial class ApiBackend
            {
                [ScgiVariable]
                public string DbUrl { get; set; } = "postgres://localhost/mydb";

                [ScgiVariable("API_KEY")]
                public static string ApiKey => "secret";
            }

            [Scgi("/local", Socket = "/run/app.sock", MaxResponseSize = 0)]
            public partial class LocalBackend;
            """);

        Snapshot.Match(generated, "ScgiBinding");
        CompilationHarness.AssertCompiles(output);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Generated_code_compiles_without_warnings_and_without_reflection()
    {
        var (generated, output, generatorDiagnostics) = CompilationHarness.Run(Capsule);

        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.DoesNotContain("System.Reflection", generated);
        Assert.DoesNotContain("Activator", generated);
        Assert.DoesNotContain("dynamic", generated);
        Assert.DoesNotContain("Regex", generated);
    }

    [Fact]
    public void Routes_with_errors_are_left_out_instead_of_breaking_the_build()
    {
        var (generated, output, _) = CompilationHarness.Run("""
            using GenGemini;
            public partial class Broken
            {
                [Gemini("/ok")]
                public string Ok() => "ok";

                [Gemini("/bad/{id")]
                public string Unbalanced() => "x";

                [Gemini("/typed/{id:int}")]
                public string WrongType(System.Guid id) => "x";

                [Gemini("/unbound/{id}")]
                public string Unbound() => "x";

                [Gemini("/returns")]
                public int WrongReturn() => 1;
            }
            """);

        Assert.Contains("\"/ok\"", generated);
        Assert.DoesNotContain("Unbalanced", generated);
        Assert.DoesNotContain("WrongType", generated);
        Assert.DoesNotContain("Unbound()", generated);
        Assert.DoesNotContain("WrongReturn", generated);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = CompilationHarness.Compile(Capsule, "namespace Other; public class Unrelated { public int X => 1; }");
        var driver = CompilationHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Other; public class Unrelated { public int X => 2; public int Y => 3; }", CompilationHarness.ParseOptions, path: "Source1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { GeneratorSteps.GeminiRoutes, GeneratorSteps.InputRoutes, GeneratorSteps.RouteTable, GeneratorSteps.ScgiBindings, GeneratorSteps.OrderedRoutes, GeneratorSteps.RouteTablePlan, GeneratorSteps.MappingPlan, GeneratorSteps.LinksPlan })
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} is not tracked");
            var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }

        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs,
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Editing_a_route_regenerates_the_table()
    {
        var compilation = CompilationHarness.Compile(Capsule);
        var driver = CompilationHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Capsule.Replace("users/new", "users/fresh", StringComparison.Ordinal), CompilationHarness.ParseOptions, path: "Source0.cs"));
        var run = driver.RunGenerators(edited).GetRunResult();

        Assert.Contains(run.Results.Single().TrackedSteps[GeneratorSteps.RouteTable].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("\"/users/fresh\"", CompilationHarness.Artifact(run, "GenGemini.RouteTable.g.cs"));
    }
}
