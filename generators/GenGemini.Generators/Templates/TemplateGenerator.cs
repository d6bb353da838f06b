using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using GenGemini.Generators.Emitters;
using GenGemini.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using static GenGemini.Generators.Emitters.CodeWriter;

namespace GenGemini.Generators.Templates;

/// <summary>
/// Compiles each [GemtextTemplate] class's Mustache file (an AdditionalFiles item) into
/// <c>Render()</c>, <c>Render(IBufferWriter&lt;byte&gt;)</c> and <c>RenderAsync(Stream)</c>: names
/// checked against the model at build time, no reflection. Problems are reported at the
/// template's line and column.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TemplateGenerator : IIncrementalGenerator
{
    public const string Attribute = "GenGemini.GemtextTemplateAttribute";

    private const string Category = "GenGemini";
    private const string HelpBase = "docs/diagnostics/";

    internal static readonly DiagnosticDescriptor Syntax = Error(MustacheParser.SyntaxId, "Template syntax error", "{0}");
    internal static readonly DiagnosticDescriptor UnknownName = Error(TemplateCompiler.UnknownNameId, "Template name not on the model", "{0}");
    internal static readonly DiagnosticDescriptor MissingFile = Error(TemplateCompiler.MissingFileId, "Template file not found", "{0}");
    internal static readonly DiagnosticDescriptor BadSection = Error(TemplateCompiler.BadSectionId, "Section over a value that is neither a list nor truthy", "{0}");
    internal static readonly DiagnosticDescriptor NotPartial = Error("GG0032", "Template model is not partial", "{0}");

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider.ForAttributeWithMetadataName(
            Attribute,
            static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax or StructDeclarationSyntax,
            static (ctx, _) => ctx);
        var files = context.AdditionalTextsProvider
            .Where(static f => f.Path.EndsWith(".gmi", StringComparison.OrdinalIgnoreCase) || f.Path.EndsWith(".mustache", StringComparison.OrdinalIgnoreCase))
            .Select(static (f, ct) => new TemplateFile(Normalise(f.Path), f.GetText(ct)?.ToString() ?? string.Empty))
            .Collect();
        context.RegisterSourceOutput(models.Combine(files).Combine(context.CompilationProvider), static (output, input) =>
        {
            var ((model, templates), compilation) = input;
            Generate(output, model, templates, compilation);
        });
    }

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");

    private static string Normalise(string path) => path.Replace('\\', '/');

    private static void Generate(SourceProductionContext output, GeneratorAttributeSyntaxContext model, ImmutableArray<TemplateFile> templates, Compilation compilation)
    {
        if (model.TargetSymbol is not INamedTypeSymbol type)
        {
            return;
        }

        var attribute = model.Attributes[0];
        var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(output.CancellationToken).GetLocation() ?? Location.None;
        var path = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        var escaping = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Escaping").Value.Value is int e ? e : 0;
        var spec = ClassRules.Describe(type);
        if (!spec.CanEmitPartial)
        {
            output.ReportDiagnostic(Diagnostic.Create(NotPartial, attributeLocation, "'" + type.Name + "' has [GemtextTemplate] but is not partial (and every class it is nested in): add 'partial'"));
            return;
        }

        var file = path is null ? null : Find(templates, path);
        if (file is null)
        {
            output.ReportDiagnostic(Diagnostic.Create(MissingFile, attributeLocation,
                "Template file '" + path + "' is not an AdditionalFiles item of the project: add <AdditionalFiles Include=\"" + path + "\" />"));
            EmitSource(output, spec, type, null, escaping);
            return;
        }

        var compiler = new TemplateCompiler(compilation, (from, name) => Partial(templates, from, name));
        compiler.Compile(file, type, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        foreach (var problem in compiler.Problems)
        {
            output.ReportDiagnostic(Diagnostic.Create(Descriptor(problem.Problem.Id), LocationOf(problem), problem.Problem.Message));
        }

        EmitSource(output, spec, type, compiler.Problems.Count == 0 ? compiler.Methods : null, escaping);
    }

    private static DiagnosticDescriptor Descriptor(string id) => id switch
    {
        MustacheParser.SyntaxId => Syntax,
        TemplateCompiler.UnknownNameId => UnknownName,
        TemplateCompiler.BadSectionId => BadSection,
        _ => MissingFile,
    };

    private static Location LocationOf(FileProblem problem)
    {
        var text = SourceText.From(problem.File.Text);
        var start = Math.Min(problem.Problem.Position, text.Length);
        var span = new TextSpan(start, Math.Min(problem.Problem.Length, text.Length - start));
        return Location.Create(problem.File.Path, span, text.Lines.GetLinePositionSpan(span));
    }

    /// <summary>The additional file whose path ends with the attribute's path (relative to the project).</summary>
    private static TemplateFile? Find(ImmutableArray<TemplateFile> templates, string path)
    {
        var relative = "/" + Normalise(path).TrimStart('/');
        if (relative.Contains("/../"))
        {
            return null;
        }

        return templates.FirstOrDefault(t => t.Path.EndsWith(relative, StringComparison.Ordinal) || t.Path == relative.Substring(1));
    }

    /// <summary>A partial or parent: a template file in the same folder, named as the tag says (with the including file's extension unless it has one).</summary>
    private static TemplateFile? Partial(ImmutableArray<TemplateFile> templates, string from, string name)
    {
        if (name.IndexOf('/') >= 0 || name.IndexOf('\\') >= 0 || name.Contains(".."))
        {
            return null;
        }

        var slash = from.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : from.Substring(0, slash + 1);
        var extension = Path.GetExtension(from);
        var candidates = Path.HasExtension(name) ? new[] { folder + name } : new[] { folder + name + extension, folder + name };
        foreach (var candidate in candidates)
        {
            foreach (var template in templates)
            {
                if (template.Path == candidate)
                {
                    return template;
                }
            }
        }

        return null;
    }

    /// <summary>A Render method: a writer, the template's code, then <paramref name="finish"/>; a throw when the template did not compile.</summary>
    private static void EmitRender(CodeWriter w, IReadOnlyList<string>? methods, string summary, string signature, string writerArguments, string finish, string mode)
    {
        w.Line("/// <summary>" + summary + "</summary>");
        w.Line(GeneratedCodeAttribute);
        using (w.Block(signature))
        {
            if (methods is null)
            {
                w.Line("throw new global::System.InvalidOperationException(\"The template did not compile.\");");
                return;
            }

            w.Line("var w = new global::GenGemini.GemtextWriter(" + writerArguments + ", " + mode + ");");
            using (w.Block("try"))
            {
                w.Line("__Render(ref w, this);");
                w.Line(finish);
            }

            using (w.Block("finally"))
            {
                w.Line("w.Dispose();");
            }
        }
    }

    private static void EmitSource(SourceProductionContext output, Model.HandlerClassSpec spec, INamedTypeSymbol type, IReadOnlyList<string>? methods, int escaping)
    {
        var w = new CodeWriter();
        var self = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var mode = "(global::GenGemini.TemplateEscaping)" + Number(escaping);
        w.Line();
        using (w.OpenType(spec))
        {
            EmitRender(w, methods, "Renders the template with this model as a page of gemtext.", "public global::GenGemini.Gemtext Render()", "1024, null", "return w.ToGemtext();", mode);
            w.Line();
            EmitRender(w, methods, "Renders the template with this model into <paramref name=\"output\"/> (for large pages).", "public void Render(global::System.Buffers.IBufferWriter<byte> output)", "4096, output", "w.Flush();", mode);
            w.Line();
            w.Line("/// <summary>Renders the template with this model and writes it to <paramref name=\"output\"/>.</summary>");
            w.Line(GeneratedCodeAttribute);
            using (w.Block("public async global::System.Threading.Tasks.Task RenderAsync(global::System.IO.Stream output, global::System.Threading.CancellationToken cancellationToken = default)"))
            {
                w.Line("var page = Render();");
                w.Line("await output.WriteAsync(page.Utf8, cancellationToken).ConfigureAwait(false);");
            }

            if (methods is not null)
            {
                foreach (var method in methods)
                {
                    w.Line();
                    foreach (var line in method.TrimEnd('\n').Split('\n'))
                    {
                        w.Line(line);
                    }
                }
            }
        }

        var hint = "GenGemini.Template." + string.Concat(self.Replace("global::", string.Empty).Select(c => char.IsLetterOrDigit(c) || c == '.' ? c : '_')) + ".g.cs";
        output.AddSource(hint, w.ToString());
    }
}
