using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GenGemini.Generators.Routing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GenGemini.Analyzers;

/// <summary>
/// Route mistakes fail the build at the attribute: template syntax, constraints, binding,
/// return types, partial classes, ambiguous routes and routes that a mount shadows.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RouteAnalyzer : DiagnosticAnalyzer
{
    private const string GeminiAttribute = "GenGemini.GeminiAttribute";
    private const string InputAttribute = "GenGemini.InputAttribute";
    private const string ScgiAttribute = "GenGemini.ScgiAttribute";
    private const string TitanAttribute = "GenGemini.TitanAttribute";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidTemplate,
        DiagnosticDescriptors.InvalidParameterName,
        DiagnosticDescriptors.UnknownConstraint,
        DiagnosticDescriptors.DuplicateParameter,
        DiagnosticDescriptors.CatchAllNotLast,
        DiagnosticDescriptors.OptionalNotLast,
        DiagnosticDescriptors.IncompatibleConstraint,
        DiagnosticDescriptors.UnboundTemplateParameter,
        DiagnosticDescriptors.UnboundMethodParameter,
        DiagnosticDescriptors.AmbiguousRoutes,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.AsyncVoidHandler,
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.ShadowedByMount,
        DiagnosticDescriptors.InaccessibleHandler,
        DiagnosticDescriptors.AmbiguousConstructor,
        DiagnosticDescriptors.UnknownRateLimitPolicy,
        DiagnosticDescriptors.UnknownCertificatePolicy);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(GeminiAttribute) is null)
            {
                return;
            }

            var routes = new ConcurrentBag<RouteShape>();
            var mounts = new ConcurrentBag<string>();
            start.RegisterSymbolAction(c => AnalyzeMethod(c, routes), SymbolKind.Method);
            start.RegisterSymbolAction(c => AnalyzeClass(c, mounts), SymbolKind.NamedType);
            start.RegisterOperationAction(c => CollectMountCall(c, mounts), OperationKind.Invocation);
            start.RegisterCompilationEndAction(c => ReportConflicts(c, routes.ToList(), mounts.Distinct().ToList()));
            var policies = BindingRules.DeclaredRateLimitPolicies(start.Compilation.Assembly);
            start.RegisterSymbolAction(c => CheckRateLimitPolicy(c, policies), SymbolKind.Method, SymbolKind.NamedType);
            var certificatePolicies = BindingRules.DeclaredCertificatePolicies(start.Compilation.Assembly);
            start.RegisterSymbolAction(c => CheckCertificatePolicy(c, certificatePolicies), SymbolKind.Method, SymbolKind.NamedType);
        });
    }

    private static void CheckCertificatePolicy(SymbolAnalysisContext context, HashSet<string> declared)
    {
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == BindingRules.RequireCertificateAttributeName
                && attribute.NamedArguments.FirstOrDefault(a => a.Key == "Policy").Value.Value is string { Length: > 0 } name && !declared.Contains(name))
            {
                var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? context.Symbol.Locations.FirstOrDefault();
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownCertificatePolicy, location, name));
            }
        }
    }

    private static void CheckRateLimitPolicy(SymbolAnalysisContext context, HashSet<string> declared)
    {
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == BindingRules.RateLimitAttributeName
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name && !declared.Contains(name))
            {
                var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? context.Symbol.Locations.FirstOrDefault();
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownRateLimitPolicy, location, name));
            }
        }
    }

    /// <summary>A valid route reduced to what decides which paths it matches.</summary>
    private sealed record RouteShape(string Template, string Key, List<TemplateSegment> Segments, Location Location, bool IsTitan);

    private static void AnalyzeMethod(SymbolAnalysisContext context, ConcurrentBag<RouteShape> routes)
    {
        var method = (IMethodSymbol)context.Symbol;
        foreach (var attribute in method.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            if (name is GeminiAttribute or InputAttribute or TitanAttribute)
            {
                AnalyzeRoute(context, method, attribute, name == InputAttribute, routes, isTitan: name == TitanAttribute);
            }
        }
    }

    private static void AnalyzeRoute(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute, bool isInput, ConcurrentBag<RouteShape> routes, bool isTitan)
    {
        var ct = context.CancellationToken;
        var template = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
        var prefix = ClassPrefix(method.ContainingType, out var prefixAttribute);
        var full = RouteTemplate.Combine(prefix, template);
        var (segments, errors) = RouteTemplate.Parse(full);
        var literal = TemplateLocations.TemplateLiteral(attribute, ct);

        // Offsets in the combined template -> offsets in the method's literal.
        var methodPart = template.Trim().TrimStart('/');
        var partStart = full.Length - methodPart.Length;
        var partInLiteral = template.IndexOf(methodPart, StringComparison.Ordinal);
        Location Locate(int start, int length)
        {
            var end = start + length;
            if (literal is not null && partInLiteral >= 0 && (end > partStart || start >= partStart))
            {
                // The part of the error inside the method's own template (all of it, usually).
                var from = Math.Max(start, partStart);
                return TemplateLocations.Within(literal, from - partStart + partInLiteral, end - from);
            }

            return start < partStart && prefixAttribute is not null
                ? TemplateLocations.TemplateLiteral(prefixAttribute, ct)?.GetLocation() ?? TemplateLocations.AttributeLocation(prefixAttribute, ct)
                : literal?.GetLocation() ?? TemplateLocations.AttributeLocation(attribute, ct);
        }

        foreach (var error in errors)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ForTemplateError(error.Id), Locate(error.Start, error.Length), error.Message));
        }

        var nameLocation = method.Locations.FirstOrDefault() ?? Location.None;
        var valid = errors.Count == 0;
        foreach (var problem in BindingRules.HandlerProblems(method))
        {
            valid = false;
            context.ReportDiagnostic(problem switch
            {
                HandlerProblem.Inaccessible => Diagnostic.Create(DiagnosticDescriptors.InaccessibleHandler, nameLocation, method.Name, "private or protected"),
                HandlerProblem.Generic => Diagnostic.Create(DiagnosticDescriptors.InaccessibleHandler, nameLocation, method.Name, "generic"),
                HandlerProblem.AsyncVoid => Diagnostic.Create(DiagnosticDescriptors.AsyncVoidHandler, nameLocation, method.Name),
                _ => Diagnostic.Create(
                    DiagnosticDescriptors.UnsupportedReturnType,
                    method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(ct) is MethodDeclarationSyntax declaration ? declaration.ReturnType.GetLocation() : nameLocation,
                    method.Name,
                    method.ReturnType.ToDisplayString()),
            });
        }

        if (errors.Count > 0)
        {
            return;
        }

        var binding = BindingRules.Bind(method, segments, isInput);
        var effective = binding.EffectiveConstraints;
        foreach (var problem in binding.Problems)
        {
            switch (problem.Kind)
            {
                case BindingProblemKind.Incompatible:
                    var segment = segments[problem.SegmentIndex];
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.IncompatibleConstraint, Locate(segment.Start, segment.Length), problem.Message));
                    break;
                case BindingProblemKind.UnboundMethodParameter:
                    var parameter = method.Parameters[problem.ParameterIndex];
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnboundMethodParameter,
                        parameter.Locations.FirstOrDefault() ?? nameLocation,
                        parameter.Name,
                        method.Name,
                        isInput ? ", and not the input query (the first string parameter)" : string.Empty));
                    break;
                case BindingProblemKind.UnboundTemplateParameter:
                    var unbound = segments[problem.SegmentIndex];
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnboundTemplateParameter,
                        Locate(unbound.Start, unbound.Length),
                        ImmutableDictionary<string, string?>.Empty.Add("parameter", unbound.Text).Add("type", TypeForConstraint(unbound)),
                        unbound.Text,
                        method.Name));
                    break;
            }
        }

        valid &= binding.Problems.Count == 0;
        if (valid)
        {
            // Titan routes live in a matcher of their own: a gemini and a titan route may share a path.
            // Two classes may share a route on different hosts; the same host twice is ambiguous.
            var key = (isTitan ? "titan:" : string.Empty) + "@" + (BindingRules.ClassHost(method.ContainingType) ?? "*") + ":" + string.Join("/", segments.Select((s, i) => s.Kind switch
            {
                SegmentKind.Literal => "L:" + s.Text.ToLowerInvariant(),
                SegmentKind.CatchAll => "*",
                _ => "P:" + (effective[i] ?? string.Empty) + (s.Optional ? "?" : string.Empty),
            }));
            routes.Add(new RouteShape(full, key, segments, literal?.GetLocation() ?? TemplateLocations.AttributeLocation(attribute, ct), isTitan));
        }
    }

    private static string TypeForConstraint(TemplateSegment segment)
    {
        var type = segment.Kind != SegmentKind.CatchAll && segment.Constraint is { } constraint && RouteTemplate.TypedConstraints.TryGetValue(constraint, out var typed)
            ? typed.Type
            : "string";
        return segment.Optional ? type + "?" : type;
    }

    private static string? ClassPrefix(INamedTypeSymbol type, out AttributeData? attribute)
    {
        attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == GeminiAttribute);
        return attribute is { ConstructorArguments.Length: > 0 } ? attribute.ConstructorArguments[0].Value as string : null;
    }

    private static void AnalyzeClass(SymbolAnalysisContext context, ConcurrentBag<string> mounts)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var scgi = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ScgiAttribute);
        if (scgi is { ConstructorArguments.Length: > 0 } && scgi.ConstructorArguments[0].Value is string prefix && prefix.StartsWith("/", StringComparison.Ordinal))
        {
            mounts.Add(prefix.TrimEnd('/'));
        }

        var hasRoutes = type.GetMembers().OfType<IMethodSymbol>().Any(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is GeminiAttribute or InputAttribute or TitanAttribute));
        if (!hasRoutes && scgi is null)
        {
            return;
        }

        var hasInstanceRoutes = type.GetMembers().OfType<IMethodSymbol>().Any(m => !m.IsStatic && m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is GeminiAttribute or InputAttribute or TitanAttribute));
        if (hasInstanceRoutes && !type.IsStatic)
        {
            BindingRules.ChooseConstructor(type, out var ambiguous);
            if (ambiguous)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AmbiguousConstructor, type.Locations.FirstOrDefault(), type.Name));
            }
        }

        for (var t = type; t is not null; t = t.ContainingType)
        {
            foreach (var reference in t.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.NotPartial,
                        declaration.Identifier.GetLocation(),
                        t.Name,
                        scgi is not null ? "its SCGI binding (ScgiBinding)" : "typed link builders (Links)"));
                }
            }
        }
    }

    /// <summary>Constant prefixes given to app.Mount(...), app.MapScgi(...), app.MapCgi(...) and app.MapStaticFiles(...).</summary>
    private static void CollectMountCall(OperationAnalysisContext context, ConcurrentBag<string> mounts)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var target = invocation.TargetMethod;
        if (target.Name is not ("Mount" or "MapScgi" or "MapCgi" or "MapStaticFiles") || target.ContainingNamespace?.ToDisplayString() != "GenGemini")
        {
            return;
        }

        var prefixArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "prefix");
        if (prefixArgument?.Value.ConstantValue is { HasValue: true, Value: string prefix } && prefix.StartsWith("/", StringComparison.Ordinal))
        {
            mounts.Add(prefix.TrimEnd('/'));
        }
    }

    private static void ReportConflicts(CompilationAnalysisContext context, List<RouteShape> routes, List<string> mounts)
    {
        foreach (var group in routes.GroupBy(r => r.Key).Where(g => g.Count() > 1))
        {
            var members = group.OrderBy(r => r.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(r => r.Location.SourceSpan.Start).ToList();
            foreach (var route in members)
            {
                var other = members.First(m => !ReferenceEquals(m, route));
                var where = other.Location.GetLineSpan();
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.AmbiguousRoutes,
                    route.Location,
                    route.Template,
                    other.Template,
                    $"{System.IO.Path.GetFileName(where.Path)}:{where.StartLinePosition.Line + 1}"));
            }
        }

        foreach (var route in routes.Where(r => !r.IsTitan)) // mounts never see uploads
        {
            foreach (var mount in mounts)
            {
                if (IsUnder(route.Segments, mount))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ShadowedByMount, route.Location, route.Template, mount.Length == 0 ? "/" : mount));
                    break;
                }
            }
        }
    }

    /// <summary>Whether every path the route matches starts with the mount prefix (its leading literals cover it).</summary>
    private static bool IsUnder(List<TemplateSegment> segments, string mount)
    {
        var mountSegments = mount.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        if (mountSegments.Length > segments.Count)
        {
            return false;
        }

        for (var i = 0; i < mountSegments.Length; i++)
        {
            if (segments[i].Kind != SegmentKind.Literal || !string.Equals(segments[i].Text, mountSegments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
