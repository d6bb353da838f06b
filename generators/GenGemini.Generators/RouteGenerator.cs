using System.Collections.Immutable;
using System.Linq;
using GenGemini.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenGemini.Generators;

/// <summary>
/// Turns [Gemini] and [Input] methods into one zero-reflection route table, typed link builders
/// and <c>app.MapGenerated()</c>. Wiring only: see the Parser and Emitter parts.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class RouteGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var gemini = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.GeminiAttribute, static (node, _) => node is MethodDeclarationSyntax, Parser.ParseRoute)
            .Where(static r => r is not null)
            .WithTrackingName(GeneratorSteps.GeminiRoutes);

        var input = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.InputAttribute, static (node, _) => node is MethodDeclarationSyntax, Parser.ParseRoute)
            .Where(static r => r is not null)
            .WithTrackingName(GeneratorSteps.InputRoutes);

        var titan = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.TitanAttribute, static (node, _) => node is MethodDeclarationSyntax, Parser.ParseRoute)
            .Where(static r => r is not null)
            .WithTrackingName(GeneratorSteps.TitanRoutes);

        var table = gemini.Collect()
            .Combine(input.Collect())
            .Combine(titan.Collect())
            .Select(static (pair, _) => new EquatableArray<RouteSpec>(pair.Left.Left.Concat(pair.Left.Right).Concat(pair.Right).Select(r => r!)))
            .WithTrackingName(GeneratorSteps.RouteTable);

        var scgi = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.ScgiAttribute, static (node, _) => node is ClassDeclarationSyntax, Parser.ParseScgi)
            .Where(static s => s is not null)
            .Collect()
            .Select(static (bindings, _) => new EquatableArray<ScgiBindingSpec>(bindings.Select(b => b!)))
            .WithTrackingName(GeneratorSteps.ScgiBindings);

        var policies = context.CompilationProvider
            .Select(static (compilation, _) => Parser.ParseRateLimitPolicies(compilation.Assembly))
            .WithTrackingName(GeneratorSteps.RateLimitPolicies);

        context.RegisterSourceOutput(table.Combine(scgi).Combine(policies), static (output, model) =>
            output.AddSource("GenGemini.Routes.g.cs", Emitter.Emit(model.Left.Left, model.Left.Right, model.Right)));
    }
}
