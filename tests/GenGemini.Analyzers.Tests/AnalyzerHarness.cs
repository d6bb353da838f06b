using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenGemini.Analyzers.Tests;

/// <summary>Runs the real analyzers over a source compiled against the real runtime.</summary>
internal static class AnalyzerHarness
{
    private static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(GeminiApp).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructorAttribute).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

    public static CSharpCompilation Compile(string source) => CSharpCompilation.Create(
        "Capsule",
        [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Capsule.cs")],
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The GenGemini diagnostics (GG*) for <paramref name="source"/>, in source order.</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnoseAsync(string source)
    {
        var compilation = Compile(source);
        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(compilerErrors.Count == 0, "test source does not compile: " + string.Join("\n", compilerErrors));
        var diagnostics = await compilation
            .WithAnalyzers([new RouteAnalyzer(), new ScgiAnalyzer(), new BlockingHandlerAnalyzer()])
            .GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.Where(d => d.Id.StartsWith("GG", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start)];
    }

    /// <summary>Asserts exactly one diagnostic with <paramref name="id"/>, located exactly on <paramref name="text"/>.</summary>
    public static async Task<Diagnostic> AssertSingleAsync(string source, string id, string text)
    {
        var diagnostics = await DiagnoseAsync(source);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        var span = diagnostic.Location.SourceSpan;
        Assert.Equal(text, source.Substring(span.Start, span.Length));
        return diagnostic;
    }

    public static async Task AssertNoneAsync(string source) => Assert.Empty(await DiagnoseAsync(source));

    /// <summary>A capsule class around one method.</summary>
    public static string Route(string member, string classPrefix = "") => $$"""
        using GenGemini;
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        {{classPrefix}}
        public partial class Capsule
        {
            {{member}}
        }
        """;
}
