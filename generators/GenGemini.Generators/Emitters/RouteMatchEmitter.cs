using System.Collections.Generic;
using System.Linq;
using GenGemini.Generators.Model;
using GenGemini.Generators.Routing;
using static GenGemini.Generators.Emitters.CodeWriter;

namespace GenGemini.Generators.Emitters;

/// <summary>
/// Writes a route table's matcher: a switch on the segment count, then on the first literal, then
/// each candidate's own check (<c>IsMatchN</c>), in precedence order.
/// </summary>
internal static class RouteMatchEmitter
{
    private static (int Min, int Max) CountRange(RouteSpec route)
    {
        var n = route.Segments.Count;
        if (n == 0)
        {
            return (0, 0);
        }

        var last = route.Segments[n - 1];
        if (last.Kind == SegmentKind.CatchAll)
        {
            return (n - 1, int.MaxValue);
        }

        return last.Optional ? (n - 1, n) : (n, n);
    }

    /// <summary>The first segment's literal (lower-cased), or null when the route starts with a parameter.</summary>
    private static string? FirstLiteral(RouteSpec route) =>
        route.Segments.Count > 0 && route.Segments[0].Kind == SegmentKind.Literal ? route.Segments[0].Text.ToLowerInvariant() : null;

    public static void EmitMatch(CodeWriter w, List<RouteSpec> routes)
    {
        var ranges = routes.Select(CountRange).ToList();
        var maxFixed = routes.Count == 0 ? -1 : ranges.Max(r => r.Max == int.MaxValue ? r.Min : r.Max);

        // Routes starting with a literal sort before those starting with a parameter (precedence
        // is decided segment by segment), so dispatching on the first literal first, then trying
        // the parameter-first routes, keeps precedence while skipping most routes at once.
        var literals = routes.Select(FirstLiteral).Where(l => l is not null).Select(l => l!).Distinct().OrderBy(l => l, System.StringComparer.Ordinal).ToList();

        string Condition(int i) => routes[i].Host is { } host
            ? "IsMatch" + Number(i) + "(path) && global::GenGemini.Routing.RouteBinding.IsHost(host, " + Literal(host) + ")"
            : "IsMatch" + Number(i) + "(path)";

        void EmitCandidates(IEnumerable<int> candidates)
        {
            var list = candidates.ToList();
            var grouped = list.Where(i => FirstLiteral(routes[i]) is not null).GroupBy(i => literals.IndexOf(FirstLiteral(routes[i])!)).ToList();
            if (grouped.Count > 0)
            {
                using (w.Block("switch (first)"))
                {
                    foreach (var group in grouped)
                    {
                        w.Line("case " + Number(group.Key) + ":");
                        foreach (var i in group)
                        {
                            w.Line("    if (" + Condition(i) + ") return " + Number(i) + ";");
                        }

                        w.Line("    break;");
                    }
                }
            }

            foreach (var i in list.Where(i => FirstLiteral(routes[i]) is null))
            {
                w.Line("if (" + Condition(i) + ") return " + Number(i) + ";");
            }

            w.Line("return -1;");
        }

        var signature = "public int Match(in global::GenGemini.RouteSegments path)";
        if (routes.Any(r => r.Host is not null))
        {
            // Without a host, only the routes that answer for every host can match.
            w.Line("public int Match(in global::GenGemini.RouteSegments path) => Match(path, string.Empty);");
            w.Line();
            signature = "public int Match(in global::GenGemini.RouteSegments path, string host)";
        }

        using (w.Block(signature))
        {
            w.Line("var first = path.Count > 0 ? FirstSegment(path[0]) : -1;");
            using (w.Block("switch (path.Count)"))
            {
                for (var count = 0; count <= maxFixed; count++)
                {
                    var candidates = Enumerable.Range(0, routes.Count).Where(i => ranges[i].Min <= count && count <= ranges[i].Max).ToList();
                    if (candidates.Count > 0)
                    {
                        w.Line("case " + Number(count) + ":");
                        Indented(w, () => EmitCandidates(candidates));
                    }
                }

                w.Line("default:");
                Indented(w, () => EmitCandidates(Enumerable.Range(0, routes.Count).Where(i => ranges[i].Max == int.MaxValue)));
            }
        }

        w.Line();
        w.Line("/// <summary>Which first-segment literal <paramref name=\"segment\"/> is (case-sensitive, as mounts and files are), or -1.</summary>");
        using (w.Block("private static int FirstSegment(global::System.ReadOnlySpan<char> segment)"))
        using (w.Block("switch (segment.Length)"))
        {
            foreach (var byLength in literals.Select((l, i) => (Text: l, Index: i)).GroupBy(x => x.Text.Length).OrderBy(g => g.Key))
            {
                w.Line("case " + Number(byLength.Key) + ":");
                foreach (var (text, index) in byLength)
                {
                    w.Line("    if (global::System.MemoryExtensions.Equals(segment, " + Literal(text) + ", global::System.StringComparison.Ordinal)) return " + Number(index) + ";");
                }

                w.Line("    return -1;");
            }

            w.Line("default:");
            w.Line("    return -1;");
        }

        w.Line();
    }

    /// <summary>Route <paramref name="index"/>'s own check: each literal, each constraint, in segment order.</summary>
    public static void EmitIsMatch(CodeWriter w, RouteSpec route, int index)
    {
        w.Line("// " + route.Template + "  ->  " + route.Class.FullyQualifiedName + "." + route.MethodName);
        using (w.Block("private static bool IsMatch" + Number(index) + "(in global::GenGemini.RouteSegments path)"))
        {
            var conditions = new List<string>();
            for (var i = 0; i < route.Segments.Count; i++)
            {
                var segment = route.Segments[i];
                var at = "path[" + Number(i) + "]";
                switch (segment.Kind)
                {
                    case SegmentKind.Literal:
                        conditions.Add("global::System.MemoryExtensions.Equals(" + at + ", " + Literal(segment.Text) + ", global::System.StringComparison.Ordinal)");
                        break;
                    case SegmentKind.Parameter:
                        var check = ConstraintCheck(segment.Constraint, at);
                        conditions.Add(segment.Optional ? "(path.Count <= " + Number(i) + " || " + check + ")" : check);
                        break;
                }
            }

            if (conditions.Count == 0)
            {
                w.Line("return true;");
            }
            else
            {
                w.Line("return " + conditions[0] + (conditions.Count == 1 ? ";" : string.Empty));
                for (var i = 1; i < conditions.Count; i++)
                {
                    w.Line("    && " + conditions[i] + (i == conditions.Count - 1 ? ";" : string.Empty));
                }
            }
        }

        w.Line();
    }

    private static string ConstraintCheck(string? constraint, string at) => constraint switch
    {
        null => "!" + at + ".IsEmpty",
        "alpha" => "global::GenGemini.Routing.RouteBinding.IsAlpha(" + at + ")",
        _ => "global::GenGemini.Routing.RouteBinding.Is" + RouteTemplate.TypedConstraints[constraint].Method + "(" + at + ")",
    };

    private static void Indented(CodeWriter w, System.Action body)
    {
        w.Indent();
        body();
        w.Outdent();
    }
}
