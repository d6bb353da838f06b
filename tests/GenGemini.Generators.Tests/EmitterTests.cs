using GenGemini.Generators.Emitters;
using GenGemini.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenGemini.Generators.Tests;

/// <summary>One emitter per artifact: each file is written from its own plan, so an edit regenerates only what it changes.</summary>
public class EmitterTests
{
    private const string Capsule = """
        using GenGemini;

        namespace Sample;

        [Scgi("/api", Host = "127.0.0.1", Port = 4000)]
        public partial class Api;

        public partial class Pages
        {
            [Gemini("/users/{id:int}")]
            public string User(int id) => "user";
        }
        """;

    private static GeneratorDriverRunResult RunEdited(string from, string to)
    {
        var compilation = CompilationHarness.Compile(Capsule);
        var driver = CompilationHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Capsule.Replace(from, to, StringComparison.Ordinal), CompilationHarness.ParseOptions, path: "Source0.cs"));
        return driver.RunGenerators(edited).GetRunResult();
    }

    /// <summary>How the file written from <paramref name="planStep"/> fared: re-emitted (Modified/New) or not.</summary>
    private static List<IncrementalStepRunReason> OutputReasons(GeneratorDriverRunResult run, string planStep)
    {
        var steps = run.Results.Single().TrackedOutputSteps.SelectMany(kv => kv.Value).Where(s => s.Inputs.Any(i => i.Source.Name == planStep)).ToList();
        Assert.NotEmpty(steps);
        return steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
    }

    private static bool Untouched(IncrementalStepRunReason reason) => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;

    [Fact]
    public void Each_artifact_is_its_own_file()
    {
        var run = CompilationHarness.CreateDriver().RunGenerators(CompilationHarness.Compile(Capsule)).GetRunResult();

        Assert.Equal(CompilationHarness.Artifacts.Order(StringComparer.Ordinal), run.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).Order(StringComparer.Ordinal));
        Assert.Contains("class GeneratedRouteTable", CompilationHarness.Artifact(run, RouteTableEmitter.HintName));
        Assert.Contains("MapGenerated(this global::GenGemini.GeminiApp app", CompilationHarness.Artifact(run, MappingEmitter.HintName));
        Assert.Contains("public const int Port = 4000;", CompilationHarness.Artifact(run, ScgiBindingEmitter.HintName));
        Assert.Contains("public static string User(int @id)", CompilationHarness.Artifact(run, LinksEmitter.HintName));
    }

    [Fact]
    public void Editing_an_scgi_binding_re_emits_only_the_bindings()
    {
        var run = RunEdited("Port = 4000", "Port = 4001");

        Assert.All(OutputReasons(run, GeneratorSteps.RouteTablePlan), r => Assert.True(Untouched(r), "route table: " + r));
        Assert.All(OutputReasons(run, GeneratorSteps.LinksPlan), r => Assert.True(Untouched(r), "links: " + r));
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(run, GeneratorSteps.ScgiBindings));
        // The port lives only in the binding's constants: MapGenerated() mounts it by prefix and is not re-emitted either.
        Assert.All(OutputReasons(run, GeneratorSteps.MappingPlan), r => Assert.True(Untouched(r), "MapGenerated: " + r));
        Assert.Contains("public const int Port = 4001;", CompilationHarness.Artifact(run, ScgiBindingEmitter.HintName));
    }

    [Fact]
    public void Editing_a_route_leaves_the_scgi_bindings_cached()
    {
        var run = RunEdited("/users/{id:int}", "/people/{id:int}");

        Assert.All(OutputReasons(run, GeneratorSteps.ScgiBindings), r => Assert.True(Untouched(r), "SCGI bindings: " + r));
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(run, GeneratorSteps.RouteTablePlan));
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(run, GeneratorSteps.LinksPlan));
        Assert.Contains("\"/people/{id:int}\"", CompilationHarness.Artifact(run, RouteTableEmitter.HintName));
    }

    [Fact]
    public void Generated_code_names_this_generators_version()
    {
        var version = typeof(RouteGenerator).Assembly.GetName().Version!.ToString(3);
        var run = CompilationHarness.CreateDriver().RunGenerators(CompilationHarness.Compile(Capsule)).GetRunResult();

        Assert.All(run.GeneratedTrees, t => Assert.Contains($"GeneratedCode(\"GenGemini.Generators\", \"{version}\")", t.ToString()));
    }

    [Theory]
    [InlineData("/plain", "\"/plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("line\nbreak\ttab", "\"line\\nbreak\\ttab\"")]
    [InlineData("bell\u0007", "\"bell\\a\"")]
    public void Literals_are_the_compilers_own(string value, string expected) =>
        Assert.Equal(expected, CodeWriter.Literal(value));

    [Fact]
    public void Blocks_indent_close_themselves_and_leave_no_trailing_spaces()
    {
        var w = new CodeWriter();
        using (w.Block("namespace N"))
        {
            using (w.Block("class C"))
            {
                w.Line("int X;");
                w.Line();
                using (w.Block("int[] Y = new[]", "};"))
                {
                    w.Line("1,");
                }
            }
        }

        var text = w.ToString();
        Assert.EndsWith("namespace N\n{\n    class C\n    {\n        int X;\n\n        int[] Y = new[]\n        {\n            1,\n        };\n    }\n}\n", text);
        Assert.DoesNotContain(" \n", text);
    }

    [Fact]
    public void A_type_scope_opens_the_namespace_and_every_containing_type()
    {
        var w = new CodeWriter();
        var type = new HandlerClassSpec("global::N.Outer.Inner", "N", new EquatableArray<string>(["partial class Outer", "partial class Inner"]), true, true, EquatableArray<ServiceParameterSpec>.Empty);
        using (w.OpenType(type))
        {
            w.Line("// body");
        }

        Assert.EndsWith("namespace N\n{\n    partial class Outer\n    {\n        partial class Inner\n        {\n            // body\n        }\n    }\n}\n", w.ToString());
    }
}
