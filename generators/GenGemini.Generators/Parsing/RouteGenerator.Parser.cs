using System.Linq;
using System.Threading;
using GenGemini.Generators.Model;
using GenGemini.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace GenGemini.Generators;

public sealed partial class RouteGenerator
{
    /// <summary>
    /// The pipeline's view of the symbols: each attributed member through its builder (Rules/),
    /// keeping only the models without problems (the analyzers report those).
    /// </summary>
    internal static class Parser
    {
        public static RouteSpec? ParseRoute(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            context.TargetSymbol is IMethodSymbol method && context.Attributes.Length > 0
                ? RouteModelBuilder.Build(method, context.Attributes[0], cancellationToken).Model
                : null;

        public static ScgiBindingSpec? ParseScgi(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            context.TargetSymbol is INamedTypeSymbol type && context.Attributes.Length > 0
                ? ScgiBindingBuilder.Build(type, context.Attributes[0], context.SemanticModel.Compilation, cancellationToken).Model
                : null;

        /// <summary>The policies declared with [assembly: RateLimitPolicy], in declaration order.</summary>
        public static EquatableArray<RateLimitPolicySpec> ParseRateLimitPolicies(IAssemblySymbol assembly) =>
            new(assembly.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == AttributeNames.RateLimitPolicy && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is string)
                .Select(a => new RateLimitPolicySpec(
                    (string)a.ConstructorArguments[0].Value!,
                    a.NamedArguments.FirstOrDefault(n => n.Key == "PermitLimit").Value.Value as int? ?? 0,
                    a.NamedArguments.FirstOrDefault(n => n.Key == "WindowSeconds").Value.Value as double? ?? 60,
                    a.NamedArguments.FirstOrDefault(n => n.Key == "Algorithm").Value.Value as int? ?? 0)));
    }
}
