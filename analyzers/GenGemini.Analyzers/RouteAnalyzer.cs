using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GenGemini.Generators.Model;
using GenGemini.Generators.Routing;
using GenGemini.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GenGemini.Analyzers;

/// <summary>
/// Route mistakes fail the build at the attribute. Each route, route class and policy goes through
/// the builder the generator uses (Rules/), and each problem is reported through one table; only the
/// two checks that need every route at once are made here: ambiguous routes and routes a mount shadows.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RouteAnalyzer : DiagnosticAnalyzer
{
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
            if (start.Compilation.GetTypeByMetadataName(AttributeNames.Gemini) is null)
            {
                return;
            }

            var routes = new ConcurrentBag<RouteShape>();
            var mounts = new ConcurrentBag<string>();
            var rateLimitPolicies = PolicyRules.DeclaredRateLimitPolicies(start.Compilation.Assembly);
            var certificatePolicies = PolicyRules.DeclaredCertificatePolicies(start.Compilation.Assembly);
            start.RegisterSymbolAction(c => AnalyzeMethod(c, routes), SymbolKind.Method);
            start.RegisterSymbolAction(c => AnalyzeClass(c, mounts), SymbolKind.NamedType);
            start.RegisterSymbolAction(c => Report(c, PolicyRules.Problems(c.Symbol, rateLimitPolicies, certificatePolicies, c.CancellationToken)), SymbolKind.Method, SymbolKind.NamedType);
            start.RegisterOperationAction(c => CollectMountCall(c, mounts), OperationKind.Invocation);
            start.RegisterCompilationEndAction(c => ReportConflicts(c, routes.ToList(), mounts.Distinct().ToList()));
        });
    }

    private static void Report(SymbolAnalysisContext context, IEnumerable<Problem> problems)
    {
        foreach (var problem in problems)
        {
            context.ReportDiagnostic(DiagnosticDescriptors.Create(problem));
        }
    }

    /// <summary>A route without problems reduced to what decides which paths it matches.</summary>
    private sealed record RouteShape(string Template, string Key, EquatableArray<SegmentSpec> Segments, Location Location, bool IsTitan);

    private static void AnalyzeMethod(SymbolAnalysisContext context, ConcurrentBag<RouteShape> routes)
    {
        var method = (IMethodSymbol)context.Symbol;
        foreach (var attribute in method.GetAttributes())
        {
            if (!AttributeNames.IsRoute(attribute.AttributeClass?.ToDisplayString()))
            {
                continue;
            }

            var build = RouteModelBuilder.Build(method, attribute, context.CancellationToken);
            Report(context, build.Problems);
            if (build.Model is { } route)
            {
                // Titan routes live in a matcher of their own: a gemini and a titan route may share a path.
                // Two classes may share a route on different hosts; the same host twice is ambiguous.
                var key = (route.IsTitan ? "titan:" : string.Empty) + "@" + (route.Host ?? "*") + ":" + string.Join("/", route.Segments.Select(s => s.Kind switch
                {
                    SegmentKind.Literal => "L:" + s.Text.ToLowerInvariant(),
                    SegmentKind.CatchAll => "*",
                    _ => "P:" + (s.Constraint ?? string.Empty) + (s.Optional ? "?" : string.Empty),
                }));
                routes.Add(new RouteShape(route.Template, key, route.Segments, build.TemplateLocation, route.IsTitan));
            }
        }
    }

    private static void AnalyzeClass(SymbolAnalysisContext context, ConcurrentBag<string> mounts)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var scgi = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Scgi);
        if (scgi is { ConstructorArguments.Length: > 0 } && scgi.ConstructorArguments[0].Value is string prefix && prefix.StartsWith("/", StringComparison.Ordinal))
        {
            mounts.Add(prefix.TrimEnd('/'));
        }

        var routeMethods = type.GetMembers().OfType<IMethodSymbol>().Where(m => m.GetAttributes().Any(a => AttributeNames.IsRoute(a.AttributeClass?.ToDisplayString()))).ToList();
        if (routeMethods.Count > 0 || scgi is not null)
        {
            Report(context, ClassRules.Problems(type, routeMethods.Any(m => !m.IsStatic), scgi is not null, context.CancellationToken));
        }
    }

    /// <summary>Constant prefixes given to app.Mount(...), app.MapScgi(...), app.MapCgi(...) and app.MapStaticFiles(...).</summary>
    private static void CollectMountCall(OperationAnalysisContext context, ConcurrentBag<string> mounts)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var target = invocation.TargetMethod;
        if (target.Name is not ("Mount" or "MapScgi" or "MapCgi" or "MapStaticFiles" or "MapGeminiRelay" or "MapGeminiProxy") || target.ContainingNamespace?.ToDisplayString() != "GenGemini")
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
    private static bool IsUnder(EquatableArray<SegmentSpec> segments, string mount)
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
