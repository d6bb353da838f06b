using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using GenGemini.Generators.Templates;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit.Abstractions;

namespace GenGemini.Generators.Tests;

/// <summary>
/// The official Mustache specification, run through the template generator: each case becomes a
/// model class and a template file, compiled by the generator, rendered (with the spec's HTML
/// escaper) and compared with the expected output. Lookups of names the data does not have are
/// build errors by design: for those cases the test asserts the diagnostic instead. Lambdas and
/// dynamic names need runtime data and are not run.
/// </summary>
public class MustacheSpecTests(ITestOutputHelper output)
{
    private static readonly string[] Files = ["interpolation", "sections", "inverted", "comments", "partials", "delimiters", "inheritance"];

    /// <summary>
    /// The cases whose data lacks a name the template uses (or a partial it names): each must fail
    /// the build with the given diagnostic instead of rendering an empty string.
    /// </summary>
    private static readonly Dictionary<string, string> ExpectedDiagnostics = new(StringComparer.Ordinal)
    {
        ["interpolation/Basic Context Miss Interpolation"] = TemplateCompiler.UnknownNameId,
        ["interpolation/Triple Mustache Context Miss Interpolation"] = TemplateCompiler.UnknownNameId,
        ["interpolation/Ampersand Context Miss Interpolation"] = TemplateCompiler.UnknownNameId,
        ["interpolation/Dotted Names - Broken Chains"] = TemplateCompiler.UnknownNameId,
        ["interpolation/Dotted Names - Broken Chain Resolution"] = TemplateCompiler.UnknownNameId,
        ["interpolation/Dotted Names are never single keys"] = TemplateCompiler.UnknownNameId,
        ["interpolation/Dotted Names - Context Precedence"] = TemplateCompiler.UnknownNameId,
        ["sections/Context Misses"] = TemplateCompiler.UnknownNameId,
        ["sections/Dotted Names - Broken Chains"] = TemplateCompiler.UnknownNameId,
        ["inverted/Context Misses"] = TemplateCompiler.UnknownNameId,
        // An inverted section renders only when its value is missing or empty, so it adds no
        // context: a name used inside it that only its value has is missing there.
        ["inverted/Context"] = TemplateCompiler.UnknownNameId,
        ["inverted/List"] = TemplateCompiler.UnknownNameId,
        ["inheritance/Negative Sections"] = TemplateCompiler.UnknownNameId,
        ["inverted/Dotted Names - Broken Chains"] = TemplateCompiler.UnknownNameId,
        ["partials/Failed Lookup"] = TemplateCompiler.MissingFileId,
    };

    [Fact]
    public void Every_case_of_the_specification_passes_or_fails_the_build_where_a_name_is_missing()
    {
        var cases = Files.SelectMany(LoadCases).ToList();
        var clean = new List<SpecCase>();
        var failures = new List<string>();
        var tally = Files.ToDictionary(f => f, _ => (Passed: 0, Diagnosed: 0, Failed: 0));
        foreach (var c in cases)
        {
            var diagnostics = GeneratorDiagnostics(c);
            ExpectedDiagnostics.TryGetValue(c.Key, out var expectedId);
            if (diagnostics.Length == 0 && expectedId is null)
            {
                clean.Add(c);
                continue;
            }

            if (expectedId is not null && diagnostics.Length > 0 && diagnostics.All(d => d.Id == expectedId && d.Location.Kind == LocationKind.ExternalFile))
            {
                Count(tally, c, diagnosed: true);
                continue;
            }

            failures.Add(c.Key + ": expected " + (expectedId ?? "no diagnostic") + ", got " + (diagnostics.Length == 0 ? "none" : string.Join("; ", diagnostics.Select(d => d.ToString()))));
            Count(tally, c, failed: true);
        }

        var rendered = RenderAll(clean);
        foreach (var c in clean)
        {
            if (rendered.TryGetValue(c.ClassName, out var actual) && actual == c.Expected)
            {
                Count(tally, c);
            }
            else
            {
                failures.Add(c.Key + ":\n  template " + JsonSerializer.Serialize(c.Template) + "\n  expected " + JsonSerializer.Serialize(c.Expected) + "\n  actual   " + JsonSerializer.Serialize(rendered.GetValueOrDefault(c.ClassName)));
                Count(tally, c, failed: true);
            }
        }

        foreach (var (file, (passed, diagnosed, failed)) in tally)
        {
            output.WriteLine($"{file}: {passed} rendered as expected, {diagnosed} a build error by design, {failed} failed");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(ExpectedDiagnostics.Count, tally.Values.Sum(t => t.Diagnosed));
    }

    private static void Count(Dictionary<string, (int Passed, int Diagnosed, int Failed)> tally, SpecCase c, bool diagnosed = false, bool failed = false)
    {
        var (p, d, f) = tally[c.File];
        tally[c.File] = failed ? (p, d, f + 1) : diagnosed ? (p, d + 1, f) : (p + 1, d, f);
    }

    private static IEnumerable<SpecCase> LoadCases(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MustacheSpec", file + ".json")));
        var i = 0;
        foreach (var test in json.RootElement.GetProperty("tests").EnumerateArray())
        {
            var name = test.GetProperty("name").GetString()!;
            var className = "Spec_" + file + "_" + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var partials = test.TryGetProperty("partials", out var p)
                ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString()!)
                : new Dictionary<string, string>();
            yield return new SpecCase(
                file,
                file + "/" + name,
                className,
                test.GetProperty("template").GetString()!,
                test.GetProperty("expected").GetString()!,
                partials,
                SpecModels.Source(className, className + "/template.mustache", test.GetProperty("data").Clone()));
        }
    }

    private static ImmutableArray<AdditionalText> Texts(SpecCase c) =>
        [new InMemoryText("/spec/" + c.ClassName + "/template.mustache", c.Template),
            .. c.Partials.Select(p => (AdditionalText)new InMemoryText("/spec/" + c.ClassName + "/" + p.Key + ".mustache", p.Value))];

    private static ImmutableArray<Diagnostic> GeneratorDiagnostics(SpecCase c)
    {
        var compilation = CompilationHarness.Compile(c.Source);
        var driver = CSharpGeneratorDriver.Create([new TemplateGenerator().AsSourceGenerator()], Texts(c), CompilationHarness.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        return diagnostics;
    }

    /// <summary>Compiles every clean case into one assembly, loads it, and renders each case's model.</summary>
    private static Dictionary<string, string> RenderAll(List<SpecCase> cases)
    {
        var compilation = CompilationHarness.Compile([.. cases.Select(c => c.Source)]);
        var texts = cases.SelectMany(c => Texts(c)).ToImmutableArray();
        var driver = CSharpGeneratorDriver.Create([new TemplateGenerator().AsSourceGenerator()], texts, CompilationHarness.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var outputCompilation, out _);
        using var stream = new MemoryStream();
        var emit = outputCompilation.Emit(stream);
        Assert.True(emit.Success, "the spec's models do not compile:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("MustacheSpec", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var results = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var c in cases)
            {
                var type = assembly.GetType(c.ClassName)!;
                var model = type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null);
                var page = type.GetMethod("Render", Type.EmptyTypes)!.Invoke(model, null)!;
                results[c.ClassName] = page.ToString()!;
            }

            return results;
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed record SpecCase(string File, string Key, string ClassName, string Template, string Expected, Dictionary<string, string> Partials, string Source);

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
