using System.Text;
using GenGemini.Application;
using GenGemini.Protocol;

namespace GenGemini.Routing;

/// <summary>
/// The generated <c>/robots.txt</c> (Gemini's robots.txt companion specification): <c>User-agent: *</c>
/// with a <c>Disallow</c> for each route marked <c>Crawl = false</c> and each mount mounted with
/// crawl false, then the lines configured under <c>Gemini:Robots</c>, by user agent. Served as
/// <c>20 text/plain</c> unless the app maps <c>/robots.txt</c> itself (a route, or a mount of that path).
/// </summary>
internal static class RobotsTxt
{
    public const string Path = "/robots.txt";

    /// <summary>The app's route tables, with one serving the generated robots.txt when the app has none of its own.</summary>
    public static IReadOnlyList<IRouteTable> WithRobots(AppRegistrations registrations, GeminiOptions options)
    {
        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        RouteSegments.TryCreate(Path, ranges, out var segments);
        var own = registrations.Mounts.Any(m => m.Prefix == Path);
        foreach (var table in registrations.RouteTables)
        {
            own |= table.Match(segments) >= 0;
        }

        if (own)
        {
            return registrations.RouteTables;
        }

        var text = Encoding.UTF8.GetBytes(Text(registrations, options));
        var robots = new ExactRouteTable();
        robots.Add(Path, _ => ValueTask.FromResult(Response.Success(text, "text/plain; charset=utf-8")), synchronous: true);
        return [.. registrations.RouteTables, robots];
    }

    /// <summary>The file's text.</summary>
    public static string Text(AppRegistrations registrations, GeminiOptions options)
    {
        var disallowed = registrations.RouteTables.SelectMany(t => t.NotCrawled).Select(Prefix)
            .Concat(registrations.NotCrawled)
            .Concat(Lines(options, "*"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var text = new StringBuilder("User-agent: *\n");
        foreach (var line in disallowed)
        {
            text.Append(Line(line)).Append('\n');
        }

        foreach (var (agent, lines) in options.Robots)
        {
            if (agent == "*")
            {
                continue;
            }

            text.Append('\n').Append("User-agent: ").Append(agent).Append('\n');
            foreach (var line in lines)
            {
                text.Append(Line(line)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Checks the configured lines: one line each, an agent that is one word.</summary>
    public static string? Problem(GeminiOptions options)
    {
        foreach (var (agent, lines) in options.Robots)
        {
            if (agent.Length == 0 || ControlCharacters.Any(agent) || agent.Contains(' ', StringComparison.Ordinal) || agent.Contains(':', StringComparison.Ordinal))
            {
                return "Gemini:Robots has a user agent that is not one word.";
            }

            if (lines.Any(l => string.IsNullOrWhiteSpace(l) || ControlCharacters.Any(l)))
            {
                return $"Gemini:Robots:{agent} has an empty line or a control character.";
            }
        }

        return null;
    }

    private static IEnumerable<string> Lines(GeminiOptions options, string agent) =>
        options.Robots.TryGetValue(agent, out var lines) ? lines : [];

    /// <summary>A path becomes a Disallow line; a line with a field name is kept as it is.</summary>
    private static string Line(string entry) => entry.StartsWith('/') ? "Disallow: " + entry : entry.Trim();

    /// <summary>What a route template disallows: the path up to its first parameter (robots.txt matches prefixes).</summary>
    private static string Prefix(string template)
    {
        var brace = template.IndexOf('{', StringComparison.Ordinal);
        var prefix = brace < 0 ? template : template[..brace];
        return prefix.StartsWith('/') ? prefix : "/" + prefix;
    }
}
