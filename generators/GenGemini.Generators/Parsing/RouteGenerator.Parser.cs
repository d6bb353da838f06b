using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GenGemini.Generators.Model;
using GenGemini.Generators.Routing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenGemini.Generators;

public sealed partial class RouteGenerator
{
    /// <summary>The only place that sees symbols: turns an attributed method into a <see cref="RouteSpec"/>.</summary>
    internal static partial class Parser
    {
        public const string GeminiAttribute = "GenGemini.GeminiAttribute";
        public const string InputAttribute = "GenGemini.InputAttribute";
        public const string RateLimitAttribute = "GenGemini.RateLimitAttribute";
        public const string TitanAttribute = "GenGemini.TitanAttribute";
        public const string RateLimitPolicyAttribute = "GenGemini.RateLimitPolicyAttribute";

        /// <summary>The policies declared with [assembly: RateLimitPolicy], in declaration order.</summary>
        public static EquatableArray<RateLimitPolicySpec> ParseRateLimitPolicies(IAssemblySymbol assembly) =>
            new(assembly.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == RateLimitPolicyAttribute && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is string)
                .Select(a => new RateLimitPolicySpec(
                    (string)a.ConstructorArguments[0].Value!,
                    a.NamedArguments.FirstOrDefault(n => n.Key == "PermitLimit").Value.Value as int? ?? 0,
                    a.NamedArguments.FirstOrDefault(n => n.Key == "WindowSeconds").Value.Value as double? ?? 60,
                    a.NamedArguments.FirstOrDefault(n => n.Key == "Algorithm").Value.Value as int? ?? 0)));

        /// <summary>The policy a route names with [RateLimit]: on the method, else on its class.</summary>
        public static string? RateLimitPolicyOf(IMethodSymbol method)
        {
            foreach (var symbol in new ISymbol[] { method, method.ContainingType })
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    if (attribute.AttributeClass?.ToDisplayString() == RateLimitAttribute && attribute.ConstructorArguments.Length == 1)
                    {
                        return attribute.ConstructorArguments[0].Value as string;
                    }
                }
            }

            return null;
        }

        /// <summary>Fully qualified, keeping '?' on nullable reference types so generated locals stay nullable-correct.</summary>
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static RouteSpec? ParseRoute(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var attribute = context.Attributes[0];
            var isInput = attribute.AttributeClass?.ToDisplayString() == InputAttribute;
            var route = Describe(method, attribute, isInput);
            if (attribute.AttributeClass?.ToDisplayString() == TitanAttribute)
            {
                route = route with
                {
                    IsTitan = true,
                    MaxUploadSize = attribute.NamedArguments.FirstOrDefault(a => a.Key == "MaxUploadSize").Value.Value as long? ?? 0,
                    RequireToken = attribute.NamedArguments.FirstOrDefault(a => a.Key == "RequireToken").Value.Value is true,
                };
            }

            return route;
        }

        /// <summary>Shared with the analyzers' view of a route: template, segments, binding and validity.</summary>
        internal static RouteSpec Describe(IMethodSymbol method, AttributeData attribute, bool isInput)
        {
            var template = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
            string? name = null;
            string? prompt = null;
            var sensitive = false;
            foreach (var argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "Name":
                        name = argument.Value.Value as string;
                        break;
                    case "Prompt":
                        prompt = argument.Value.Value as string;
                        break;
                    case "Sensitive":
                        sensitive = argument.Value.Value is true;
                        break;
                }
            }

            var type = method.ContainingType;
            var full = RouteTemplate.Combine(ClassPrefix(type), template);
            var (segments, errors) = RouteTemplate.Parse(full);
            var valid = errors.Count == 0 && BindingRules.HandlerProblems(method).Count == 0;
            var returnKind = BindingRules.ClassifyReturn(method.ReturnType);

            var binding = BindingRules.Bind(method, segments, isInput);
            valid &= binding.Problems.Count == 0;
            var effective = binding.EffectiveConstraints;
            var parameters = binding.Parameters.Select(p => new ParameterSpec(
                p.Symbol.Name,
                p.Symbol.Type.ToDisplayString(TypeFormat),
                p.TypeName,
                p.Nullable,
                p.Source ?? ParameterSource.Path,
                p.SegmentIndex));
            var segmentSpecs = segments.Select((s, i) => new SegmentSpec(s.Kind, s.Text, effective[i], s.Optional));
            return new RouteSpec(
                DescribeClass(type),
                method.Name,
                name ?? method.Name,
                method.IsStatic,
                full,
                new EquatableArray<SegmentSpec>(segmentSpecs),
                new EquatableArray<ParameterSpec>(parameters),
                returnKind ?? ReturnKind.Void,
                isInput,
                prompt,
                sensitive,
                valid,
                RateLimitPolicyOf(method),
                CertificateRequirement: BindingRules.CertificateRequirementOf(method),
                Host: BindingRules.ClassHost(type));
        }

        public static string? ClassPrefix(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == GeminiAttribute && attribute.ConstructorArguments.Length > 0)
                {
                    return attribute.ConstructorArguments[0].Value as string;
                }
            }

            return null;
        }

        public static HandlerClassSpec DescribeClass(INamedTypeSymbol type)
        {
            var chain = new List<INamedTypeSymbol>();
            for (var t = type; t is not null; t = t.ContainingType)
            {
                chain.Insert(0, t);
            }

            var declarations = chain.Select(t =>
                (t.IsStatic ? "static " : string.Empty) + "partial " + (t.IsRecord ? "record " : string.Empty) + (t.TypeKind == TypeKind.Struct ? "struct " : "class ") + t.Name);
            var canEmitPartial = chain.All(t => !t.IsGenericType && t.DeclaringSyntaxReferences.Length > 0 && t.DeclaringSyntaxReferences.All(r =>
                r.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword)));
            var constructor = type.IsStatic ? null : BindingRules.ChooseConstructor(type, out _);
            var constructorParameters = constructor is null
                ? []
                : constructor.Parameters.Select(p => new ServiceParameterSpec(
                    p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    p.HasExplicitDefaultValue || p.NullableAnnotation == NullableAnnotation.Annotated)).ToArray();

            return new HandlerClassSpec(
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                new EquatableArray<string>(declarations),
                canEmitPartial,
                (type.IsStatic || constructor is not null) && !type.IsAbstract,
                new EquatableArray<ServiceParameterSpec>(constructorParameters));
        }
    }
}
