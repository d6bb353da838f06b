using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using GenGemini.Generators.Templates;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GenGemini.Generators.Tests;

/// <summary>What a capsule author sees: templates that render, and mistakes that fail the build at the template's line.</summary>
public class TemplateGeneratorTests
{
    private const string Model = """
        using GenGemini;
        namespace Capsule;
        public sealed class Moon { public required string Name { get; init; } }
        [GemtextTemplate("Templates/planet.gmi")]
        public partial class PlanetPage
        {
            public required string Name { get; init; }
            public required Moon[] Moons { get; init; }
            public bool HasRings { get; init; }
            public System.Func<string>? Lambda { get; init; }
            public static PlanetPage Create(string name) => new() { Name = name, Moons = [new Moon { Name = "Phobos" }, new Moon { Name = "Deimos\n=> gemini://evil/ x" }], HasRings = false };
        }
        """;

    private const string Layout = """
        # {{$title}}A planet{{/title}}

        {{$body}}{{/body}}
        {{> footer}}
        """;

    private const string Footer = "=> / Home\n";

    private const string Planet = """
        {{<layout}}
        {{$title}}{{Name}}{{/title}}
        {{$body}}
        {{#Moons}}
        * {{Name}}
        {{/Moons}}
        {{^HasRings}}
        No rings.
        {{/HasRings}}
        {{/body}}
        {{/layout}}
        """;

    private static (ImmutableArray<Diagnostic> Diagnostics, Compilation Output) Run(string source, params (string Path, string Text)[] files)
    {
        var compilation = CompilationHarness.Compile(source);
        var driver = CSharpGeneratorDriver.Create(
            [new TemplateGenerator().AsSourceGenerator()],
            [.. files.Select(f => (AdditionalText)new Text("/capsule/" + f.Path, f.Text))],
            CompilationHarness.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (diagnostics, output);
    }

    private static string Render(Compilation output, string type, string name)
    {
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("capsule", isCollectible: true);
        try
        {
            var model = context.LoadFromStream(stream).GetType(type)!;
            var instance = model.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [name]);
            return model.GetMethod("Render", Type.EmptyTypes)!.Invoke(instance, null)!.ToString()!;
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_layout_a_partial_and_a_list_render_clean_gemtext()
    {
        var (diagnostics, output) = Run(Model, ("Templates/planet.gmi", Planet), ("Templates/layout.gmi", Layout), ("Templates/footer.gmi", Footer));
        Assert.Empty(diagnostics);
        CompilationHarness.AssertCompiles(output);
        var page = Render(output, "Capsule.PlanetPage", "Mars");
        Assert.Equal("# Mars\n\n* Phobos\n* Deimos => gemini://evil/ x\nNo rings.\n\n=> / Home\n", page);
    }

    [Fact]
    public void A_visitor_value_cannot_add_a_link_line_to_a_rendered_page()
    {
        var (_, output) = Run(Model, ("Templates/planet.gmi", Planet), ("Templates/layout.gmi", Layout), ("Templates/footer.gmi", Footer));
        var page = Render(output, "Capsule.PlanetPage", "Mars\n=> gemini://evil.example/login Your session expired");
        Assert.Equal(["=> / Home"], page.Split('\n').Where(l => l.StartsWith("=>", StringComparison.Ordinal)));
        Assert.StartsWith("# Mars => gemini://evil.example/login", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("# {{Nmae}}\n", TemplateCompiler.UnknownNameId, 1, 5, "'Nmae' is not a public property or field of Capsule.PlanetPage")]
    [InlineData("line\n{{#Moons}}\n* {{Title}}\n{{/Moons}}\n", TemplateCompiler.UnknownNameId, 3, 5, "'Title' is not a public property or field of Capsule.Moon, Capsule.PlanetPage")]
    [InlineData("{{Moons.Name}}", TemplateCompiler.UnknownNameId, 1, 3, "'Name' is not a public property or field of Capsule.Moon[]")]
    [InlineData("a\n\n{{#Moons}}\n", MustacheParser.SyntaxId, 3, 4, "Section 'Moons' is never closed")]
    [InlineData("{{#Moons}}{{/HasRings}}{{/Moons}}", MustacheParser.SyntaxId, 1, 14, "'{{/HasRings}}' closes 'Moons'")]
    [InlineData("x\n  {{> missing}}\n", TemplateCompiler.MissingFileId, 2, 7, "Partial 'missing' is not a template file beside this one")]
    [InlineData("{{#Lambda}}x{{/Lambda}}", TemplateCompiler.BadSectionId, 1, 4, "Section 'Lambda' is over a System.Func<string>?")]
    [InlineData("{{Name", MustacheParser.SyntaxId, 1, 1, "The tag is not closed with '}}'")]
    public void A_mistake_in_a_template_fails_the_build_at_its_line_and_column(string template, string id, int line, int column, string message)
    {
        var (diagnostics, _) = Run(Model, ("Templates/planet.gmi", template));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/capsule/Templates/planet.gmi", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Equal(column, diagnostic.Location.GetLineSpan().StartLinePosition.Character + 1);
        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("docs/diagnostics/" + id + ".md", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void A_template_file_that_is_not_an_additional_file_fails_at_the_attribute()
    {
        var (diagnostics, _) = Run(Model);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(TemplateCompiler.MissingFileId, diagnostic.Id);
        Assert.True(diagnostic.Location.IsInSource);
        Assert.Contains("<AdditionalFiles Include=\"Templates/planet.gmi\" />", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_is_not_partial_fails_at_the_attribute()
    {
        var (diagnostics, _) = Run(Model.Replace("public partial class PlanetPage", "public class PlanetPage", StringComparison.Ordinal), ("Templates/planet.gmi", "x"));
        Assert.Equal("GG0032", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public void A_partial_that_includes_itself_outside_a_section_fails_the_build_instead_of_recursing_forever()
    {
        var (diagnostics, _) = Run(Model, ("Templates/planet.gmi", "{{> loop}}"), ("Templates/loop.gmi", "x\n{{> loop}}\n"));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(TemplateCompiler.MissingFileId, diagnostic.Id);
        Assert.Contains("includes itself outside any section", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("/capsule/Templates/loop.gmi", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void A_parent_that_inherits_itself_forever_fails_the_build()
    {
        var (diagnostics, _) = Run(Model, ("Templates/planet.gmi", "{{<self}}{{/self}}"), ("Templates/self.gmi", "{{<self}}{{$b}}x{{/b}}{{/self}}"));
        Assert.Contains(diagnostics, d => d.Id == TemplateCompiler.MissingFileId && d.GetMessage().Contains("Parents nest deeper than 32 levels", StringComparison.Ordinal));
    }

    [Fact]
    public void A_partial_cannot_climb_out_of_the_template_folder()
    {
        var (diagnostics, _) = Run(Model, ("Templates/planet.gmi", "{{> ../secret}}"), ("secret.gmi", "x"));
        Assert.Equal(TemplateCompiler.MissingFileId, Assert.Single(diagnostics).Id);
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
