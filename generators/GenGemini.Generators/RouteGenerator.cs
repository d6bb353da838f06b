using System.Collections.Immutable;
using System.Linq;
using GenGemini.Generators.Emitters;
using GenGemini.Generators.Model;
using GenGemini.Generators.Planning;
using GenGemini.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenGemini.Generators;

/// <summary>
/// Turns [Gemini], [Input] and [Titan] methods and [Scgi] classes into a zero-reflection route
/// table, <c>app.MapGenerated()</c>, SCGI bindings and typed links. Wiring only: parsing
/// (Parsing/) makes equatable models, planning (Planning/) decides what is emitted, and one
/// emitter per artifact (Emitters/) writes each file, so an edit regenerates only what it changes.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class RouteGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var gemini = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.Gemini, static (node, _) => node is MethodDeclarationSyntax, Parser.ParseRoute)
            .Where(static r => r is not null)
            .WithTrackingName(GeneratorSteps.GeminiRoutes);

        var input = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.Input, static (node, _) => node is MethodDeclarationSyntax, Parser.ParseRoute)
            .Where(static r => r is not null)
            .WithTrackingName(GeneratorSteps.InputRoutes);

        var titan = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.Titan, static (node, _) => node is MethodDeclarationSyntax, Parser.ParseRoute)
            .Where(static r => r is not null)
            .WithTrackingName(GeneratorSteps.TitanRoutes);

        var table = gemini.Collect()
            .Combine(input.Collect())
            .Combine(titan.Collect())
            .Select(static (pair, _) => new EquatableArray<RouteSpec>(pair.Left.Left.Concat(pair.Left.Right).Concat(pair.Right).Select(r => r!)))
            .WithTrackingName(GeneratorSteps.RouteTable);

        var scgi = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.Scgi, static (node, _) => node is ClassDeclarationSyntax, Parser.ParseScgi)
            .Where(static s => s is not null)
            .Collect()
            .Select(static (bindings, _) => new EquatableArray<ScgiBindingSpec>(bindings.Select(b => b!)))
            .WithTrackingName(GeneratorSteps.ScgiBindings);

        var policies = context.CompilationProvider
            .Select(static (compilation, _) => Parser.ParseRateLimitPolicies(compilation.Assembly))
            .WithTrackingName(GeneratorSteps.RateLimitPolicies);

        // Precedence is decided once; the table and MapGenerated() are planned from it.
        var ordered = table
            .Select(static (routes, _) => new EquatableArray<RouteSpec>(RoutePlanner.Order(routes)))
            .WithTrackingName(GeneratorSteps.OrderedRoutes);
        var tablePlans = ordered
            .Select(static (routes, _) => RoutePlanner.PlanTables(routes))
            .WithTrackingName(GeneratorSteps.RouteTablePlan);
        var mappingPlan = ordered.Combine(scgi).Combine(policies)
            .Select(static (model, _) => RoutePlanner.PlanMapping(model.Left.Left, model.Left.Right, model.Right))
            .WithTrackingName(GeneratorSteps.MappingPlan);
        var linksPlans = table
            .Select(static (routes, _) => RoutePlanner.PlanLinks(routes))
            .WithTrackingName(GeneratorSteps.LinksPlan);

        context.RegisterSourceOutput(tablePlans, static (output, plans) => output.AddSource(RouteTableEmitter.HintName, RouteTableEmitter.Emit(plans)));
        context.RegisterSourceOutput(mappingPlan, static (output, plan) => output.AddSource(MappingEmitter.HintName, MappingEmitter.Emit(plan)));
        context.RegisterSourceOutput(scgi, static (output, bindings) =>
        {
            if (RoutePlanner.ByPrefix(bindings).Count > 0)
            {
                output.AddSource(ScgiBindingEmitter.HintName, ScgiBindingEmitter.Emit(bindings));
            }
        });
        context.RegisterSourceOutput(linksPlans, static (output, plans) =>
        {
            if (plans.Count > 0)
            {
                output.AddSource(LinksEmitter.HintName, LinksEmitter.Emit(plans));
            }
        });
    }
}
