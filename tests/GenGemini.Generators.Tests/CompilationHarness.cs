using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenGemini.Generators.Tests;

/// <summary>Compiles test sources against the real runtime and runs the real generator on them.</summary>
internal static class CompilationHarness
{
    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "Capsule",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        [new RouteGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The generated files, in the order a snapshot lists them: one per artifact.</summary>
    public static readonly string[] Artifacts = ["GenGemini.RouteTable.g.cs", "GenGemini.MapGenerated.g.cs", "GenGemini.ScgiBindings.g.cs", "GenGemini.Links.g.cs"];

    /// <summary>
    /// Runs the generator; returns the generated files (each under a <c>// ==== name ====</c> line,
    /// in <see cref="Artifacts"/> order) and the compilation that includes them.
    /// </summary>
    public static (string Generated, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics) Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (Join(driver.GetRunResult()), output, diagnostics);
    }

    /// <summary>The generated files of a run, each under its name, in <see cref="Artifacts"/> order.</summary>
    public static string Join(GeneratorDriverRunResult result)
    {
        var trees = result.GeneratedTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString());
        Assert.All(trees.Keys, name => Assert.Contains(name, Artifacts));
        return string.Concat(Artifacts.Where(trees.ContainsKey).Select(name => $"// ==== {name} ====\n{trees[name]}"));
    }

    /// <summary>One generated file of a run, or null when the generator did not write it.</summary>
    public static string? Artifact(GeneratorDriverRunResult result, string name) =>
        result.GeneratedTrees.FirstOrDefault(t => Path.GetFileName(t.FilePath) == name)?.ToString();

    /// <summary>The generated code compiles with the source it came from: no errors anywhere.</summary>
    public static void AssertCompiles(Compilation output)
    {
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the output does not compile:\n" + string.Join("\n", errors));
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll" or "Microsoft.Extensions.Logging.Abstractions.dll")
            .Append(typeof(GeminiApp).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
