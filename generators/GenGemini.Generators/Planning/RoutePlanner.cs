using System;
using System.Collections.Generic;
using System.Linq;
using GenGemini.Generators.Model;
using GenGemini.Generators.Routing;
using Microsoft.CodeAnalysis.CSharp;

namespace GenGemini.Generators.Planning;

/// <summary>
/// Decides what is emitted, and in which order, from the parsed models: route precedence, the
/// classes the tables are made with, the names of <c>MapGenerated()</c>'s parameters. Emitters
/// only write what a plan says.
/// </summary>
internal static class RoutePlanner
{
    public const string RouteTableClass = "GeneratedRouteTable";
    public const string TitanTableClass = "GeneratedTitanRouteTable";

    /// <summary>Orders routes by precedence: per segment, literal, constrained, plain, optional, catch-all.</summary>
    public static List<RouteSpec> Order(IEnumerable<RouteSpec> routes) =>
        routes
            .OrderBy(r => r, Comparer<RouteSpec>.Create(ComparePrecedence))
            .ThenBy(r => r.Host is null ? 1 : 0) // a host's own route before one for every host
            .ThenBy(r => r.Template, StringComparer.Ordinal)
            .ThenBy(r => r.Host, StringComparer.Ordinal)
            .ThenBy(r => r.Class.FullyQualifiedName, StringComparer.Ordinal)
            .ThenBy(r => r.MethodName, StringComparer.Ordinal)
            .ToList();

    public static int ComparePrecedence(RouteSpec a, RouteSpec b)
    {
        var n = Math.Min(a.Segments.Count, b.Segments.Count);
        for (var i = 0; i < n; i++)
        {
            var sa = a.Segments[i];
            var sb = b.Segments[i];
            var byRank = Rank(sa).CompareTo(Rank(sb));
            if (byRank != 0)
            {
                return byRank;
            }

            if (sa.Kind == SegmentKind.Literal)
            {
                var byText = string.Compare(sa.Text, sb.Text, StringComparison.OrdinalIgnoreCase);
                if (byText != 0)
                {
                    return byText;
                }
            }
        }

        return a.Segments.Count.CompareTo(b.Segments.Count);
    }

    private static int Rank(SegmentSpec s) => RouteTemplate.Rank(s.Kind, s.Constraint, s.Optional);

    /// <summary>The gemini table (always) and the titan table (when there are [Titan] routes), from routes in precedence order.</summary>
    public static EquatableArray<RouteTablePlan> PlanTables(EquatableArray<RouteSpec> ordered)
    {
        var classes = TableClasses(ordered);
        var routes = ordered.Where(r => !r.IsTitan).ToList();
        var titan = ordered.Where(r => r.IsTitan).ToList();
        var plans = new List<RouteTablePlan> { new(RouteTableClass, false, new(routes), classes) };
        if (titan.Count > 0)
        {
            plans.Add(new RouteTablePlan(TitanTableClass, true, new(titan), classes));
        }

        return new EquatableArray<RouteTablePlan>(plans);
    }

    /// <summary>The classes whose instances the tables hold: those with instance routes, in table order (gemini, then titan).</summary>
    private static EquatableArray<HandlerClassSpec> TableClasses(EquatableArray<RouteSpec> ordered) =>
        new(ordered.Where(r => !r.IsTitan).Concat(ordered.Where(r => r.IsTitan)).Where(r => !r.IsStatic).Select(r => r.Class).Distinct());

    /// <summary>What MapGenerated() does, from routes in precedence order.</summary>
    public static MappingPlan PlanMapping(EquatableArray<RouteSpec> ordered, EquatableArray<ScgiBindingSpec> scgi, EquatableArray<RateLimitPolicySpec> policies)
    {
        var tableClasses = TableClasses(ordered);
        var bindings = ByPrefix(scgi);
        var classes = tableClasses.Concat(bindings.Where(NeedsInstance).Select(b => b.Class)).Distinct().ToList();
        var names = ParameterNames(classes);
        var parameters = classes.Select((c, i) => new MapParameter(c, names[i])).ToList();

        var mapped = ordered.Where(r => !r.IsTitan).Concat(ordered.Where(r => r.IsTitan)).ToList();
        var hosts = mapped.Select(r => r.Host).Where(h => h is not null).Select(h => h!).Distinct().OrderBy(h => h, StringComparer.Ordinal);
        var services = mapped.SelectMany(r => r.Parameters
            .Where(p => (p.Source == ParameterSource.Services && !p.IsNullable) || p.Source == ParameterSource.Certificate)
            .Select(p => new RequiredService(
                p.Source == ParameterSource.Certificate ? "global::GenGemini.ICertificateIdentityStore<" + p.TypeName.TrimEnd('?') + ">" : p.TypeName.TrimEnd('?'),
                r.Class.FullyQualifiedName.Replace("global::", string.Empty) + "." + r.MethodName,
                p.Name)));
        var mounts = bindings.Select(b => new ScgiMount(b.Prefix, b.Class.FullyQualifiedName, NeedsInstance(b) ? classes.IndexOf(b.Class) : null));
        return new MappingPlan(new(hosts), policies, new(services), new(mounts), new(parameters), tableClasses.Count, ordered.Any(r => r.IsTitan));
    }

    /// <summary>The [Scgi] bindings (the builder left out those with problems), by prefix.</summary>
    public static List<ScgiBindingSpec> ByPrefix(EquatableArray<ScgiBindingSpec> scgi) =>
        scgi.OrderBy(b => b.Prefix, StringComparer.Ordinal).ToList();

    /// <summary>Whether a binding's variables read instance properties, so that <c>CreateHandler</c> takes an instance.</summary>
    public static bool NeedsInstance(ScgiBindingSpec binding) => binding.Variables.Any(v => !v.IsStatic);

    /// <summary>One plan per class that can take a partial part, with its valid routes.</summary>
    public static EquatableArray<LinksPlan> PlanLinks(EquatableArray<RouteSpec> all) => new(
        all.Where(r => r.Class.CanEmitPartial)
            .GroupBy(r => r.Class)
            .Select(g => new LinksPlan(g.Key, new(g.OrderBy(r => r.LinkName, StringComparer.Ordinal).ThenBy(r => r.Template, StringComparer.Ordinal)))));

    /// <summary>camelCase simple names, made unique (and never "app" or a keyword).</summary>
    private static List<string> ParameterNames(List<HandlerClassSpec> classes)
    {
        var names = new List<string>();
        foreach (var c in classes)
        {
            var simple = c.FullyQualifiedName.Substring(c.FullyQualifiedName.LastIndexOf('.') + 1).Replace("global::", string.Empty);
            var name = char.ToLowerInvariant(simple[0]) + simple.Substring(1);
            if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
            {
                name = "@" + name;
            }

            var candidate = name;
            for (var n = 2; names.Contains(candidate) || candidate == "app"; n++)
            {
                candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            names.Add(candidate);
        }

        return names;
    }
}
