using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GenGemini.Generators.Model;
using GenGemini.Generators.Routing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenGemini.Generators.Rules;

/// <summary>A route's model, or null when it has problems; <see cref="TemplateLocation"/> is where its template is written.</summary>
internal sealed record RouteBuild(RouteSpec? Model, List<Problem> Problems, Location TemplateLocation);

/// <summary>
/// The one place a [Gemini], [Input] or [Titan] method becomes a route: template, handler and
/// binding rules, for the generator (which emits the models) and the analyzers (which report the
/// problems, each at the exact characters of the template it is about).
/// </summary>
internal static class RouteModelBuilder
{
    /// <summary>Fully qualified, keeping '?' on nullable reference types so generated locals stay nullable-correct.</summary>
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static RouteBuild Build(IMethodSymbol method, AttributeData attribute, CancellationToken cancellationToken)
    {
        var kind = attribute.AttributeClass?.ToDisplayString();
        var isInput = kind == AttributeNames.Input;
        var template = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
        var type = method.ContainingType;
        var prefixAttribute = ClassAttribute(type);
        var prefix = prefixAttribute is { ConstructorArguments.Length: > 0 } ? prefixAttribute.ConstructorArguments[0].Value as string : null;
        var full = RouteTemplate.Combine(prefix, template);
        var (segments, errors) = RouteTemplate.Parse(full);
        var literal = SourceLocations.TemplateLiteral(attribute, cancellationToken);
        var locate = TemplateLocator(attribute, prefixAttribute, literal, template, full, cancellationToken);

        var problems = errors.Select(e => Problem.At(e.Kind, locate(e.Start, e.Length), e.Message)).ToList();
        problems.AddRange(HandlerProblems(method, cancellationToken));
        var templateLocation = literal?.GetLocation() ?? SourceLocations.AttributeLocation(attribute, cancellationToken);
        if (errors.Count > 0)
        {
            return new RouteBuild(null, problems, templateLocation);
        }

        var binding = BindingRules.Bind(method, segments, isInput);
        var nameLocation = method.Locations.FirstOrDefault() ?? Location.None;
        foreach (var problem in binding.Problems)
        {
            switch (problem.Kind)
            {
                case BindingProblemKind.Incompatible:
                    var segment = segments[problem.SegmentIndex];
                    problems.Add(Problem.At(ProblemKind.IncompatibleConstraint, locate(segment.Start, segment.Length), problem.Message));
                    break;
                case BindingProblemKind.UnboundMethodParameter:
                    var parameter = method.Parameters[problem.ParameterIndex];
                    problems.Add(Problem.At(ProblemKind.UnboundMethodParameter, parameter.Locations.FirstOrDefault() ?? nameLocation,
                        parameter.Name, method.Name, isInput ? ", and not the input query (the first string parameter)" : string.Empty));
                    break;
                case BindingProblemKind.UnboundTemplateParameter:
                    var unbound = segments[problem.SegmentIndex];
                    problems.Add(new Problem(ProblemKind.UnboundTemplateParameter, locate(unbound.Start, unbound.Length), [unbound.Text, method.Name],
                        ImmutableDictionary<string, string?>.Empty.Add("parameter", unbound.Text).Add("type", TypeForConstraint(unbound))));
                    break;
            }
        }

        if (problems.Count > 0)
        {
            return new RouteBuild(null, problems, templateLocation);
        }

        return new RouteBuild(Describe(method, attribute, kind, full, segments, binding), problems, templateLocation);
    }

    /// <summary>What keeps generated code from calling <paramref name="method"/>, whatever its template.</summary>
    private static IEnumerable<Problem> HandlerProblems(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var nameLocation = method.Locations.FirstOrDefault() ?? Location.None;
        foreach (var problem in BindingRules.HandlerProblems(method))
        {
            yield return problem switch
            {
                HandlerProblem.Inaccessible => Problem.At(ProblemKind.InaccessibleHandler, nameLocation, method.Name, "private or protected"),
                HandlerProblem.Generic => Problem.At(ProblemKind.InaccessibleHandler, nameLocation, method.Name, "generic"),
                HandlerProblem.AsyncVoid => Problem.At(ProblemKind.AsyncVoidHandler, nameLocation, method.Name),
                _ => Problem.At(
                    ProblemKind.UnsupportedReturnType,
                    method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration ? declaration.ReturnType.GetLocation() : nameLocation,
                    method.Name,
                    method.ReturnType.ToDisplayString()),
            };
        }
    }

    /// <summary>
    /// Maps offsets in the combined template (class prefix + method template) to the characters of
    /// the literal they came from: the method's, or the class's [Gemini] prefix.
    /// </summary>
    private static Func<int, int, Location> TemplateLocator(AttributeData attribute, AttributeData? prefixAttribute, LiteralExpressionSyntax? literal, string template, string full, CancellationToken cancellationToken)
    {
        var methodPart = template.Trim().TrimStart('/');
        var partStart = full.Length - methodPart.Length;
        var partInLiteral = template.IndexOf(methodPart, StringComparison.Ordinal);
        return (start, length) =>
        {
            var end = start + length;
            if (literal is not null && partInLiteral >= 0 && (end > partStart || start >= partStart))
            {
                // The part of the error inside the method's own template (all of it, usually).
                var from = Math.Max(start, partStart);
                return SourceLocations.Within(literal, from - partStart + partInLiteral, end - from);
            }

            return start < partStart && prefixAttribute is not null
                ? SourceLocations.TemplateLiteral(prefixAttribute, cancellationToken)?.GetLocation() ?? SourceLocations.AttributeLocation(prefixAttribute, cancellationToken)
                : literal?.GetLocation() ?? SourceLocations.AttributeLocation(attribute, cancellationToken);
        };
    }

    /// <summary>The type a code fix gives the method parameter a route parameter needs.</summary>
    private static string TypeForConstraint(TemplateSegment segment)
    {
        var type = segment.Kind != SegmentKind.CatchAll && segment.Constraint is { } constraint && RouteTemplate.TypedConstraints.TryGetValue(constraint, out var typed)
            ? typed.Type
            : "string";
        return segment.Optional ? type + "?" : type;
    }

    /// <summary>The class's own [Gemini] (its prefix and Host), if any.</summary>
    public static AttributeData? ClassAttribute(INamedTypeSymbol type) =>
        type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Gemini);

    /// <summary>The host a route class names with [Gemini(..., Host = "...")], lower-cased; null for every host.</summary>
    public static string? ClassHost(INamedTypeSymbol type) =>
        (ClassAttribute(type)?.NamedArguments.FirstOrDefault(a => a.Key == "Host").Value.Value as string)?.ToLowerInvariant();

    private static RouteSpec Describe(IMethodSymbol method, AttributeData attribute, string? kind, string full, List<TemplateSegment> segments, RouteBindingResult binding)
    {
        var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value);
        var effective = binding.EffectiveConstraints;
        var parameters = binding.Parameters.Select(p => new ParameterSpec(
            p.Symbol.Name,
            p.Symbol.Type.ToDisplayString(TypeFormat),
            p.TypeName,
            p.Nullable,
            p.Source ?? ParameterSource.Path,
            p.SegmentIndex));
        var isTitan = kind == AttributeNames.Titan;
        return new RouteSpec(
            ClassRules.Describe(method.ContainingType),
            method.Name,
            named.TryGetValue("Name", out var name) && name is string linkName ? linkName : method.Name,
            method.IsStatic,
            full,
            new EquatableArray<SegmentSpec>(segments.Select((s, i) => new SegmentSpec(s.Kind, s.Text, effective[i], s.Optional))),
            new EquatableArray<ParameterSpec>(parameters),
            BindingRules.ClassifyReturn(method.ReturnType) ?? ReturnKind.Void,
            kind == AttributeNames.Input,
            named.TryGetValue("Prompt", out var prompt) ? prompt as string : null,
            named.TryGetValue("Sensitive", out var sensitive) && sensitive is true,
            RateLimitPolicy: AttributeValue(method, AttributeNames.RateLimit, a => a.ConstructorArguments.Length == 1 ? a.ConstructorArguments[0].Value as string : null),
            IsTitan: isTitan,
            MaxUploadSize: isTitan && named.TryGetValue("MaxUploadSize", out var size) && size is long max ? max : 0,
            RequireToken: isTitan && named.TryGetValue("RequireToken", out var token) && token is true,
            CertificateRequirement: AttributeValue(method, AttributeNames.RequireCertificate, a => a.NamedArguments.FirstOrDefault(n => n.Key == "Policy").Value.Value as string ?? string.Empty),
            Host: ClassHost(method.ContainingType),
            Language: named.TryGetValue("Language", out var language) ? language as string : null,
            Crawl: !named.TryGetValue("Crawl", out var crawl) || crawl is not false);
    }

    /// <summary>What an attribute on the method, else on its class, says; null when neither has it.</summary>
    private static string? AttributeValue(IMethodSymbol method, string attributeName, Func<AttributeData, string?> read)
    {
        foreach (var symbol in new ISymbol[] { method, method.ContainingType })
        {
            if (symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == attributeName) is { } attribute)
            {
                return read(attribute);
            }
        }

        return null;
    }
}
