namespace GenGemini;

/// <summary>
/// Finds what serves a path: mounts first (longest prefix wins), then the route tables in the
/// order they were added; frozen when the app starts.
/// </summary>
internal sealed class Router
{
    private readonly (string Prefix, IMountHandler Handler)[] _mounts;
    private readonly IRouteTable[] _tables;

    public Router(IEnumerable<(string Prefix, IMountHandler Handler)> mounts, IEnumerable<IRouteTable> tables)
    {
        // Longest prefix first, so "/api/v2" wins over "/api".
        _mounts = [.. mounts.OrderByDescending(m => m.Prefix.Length)];
        _tables = [.. tables];
    }

    public ValueTask<Response> RouteAsync(GeminiContext context)
    {
        var request = context.Request;
        var path = request.Path;
        foreach (var (prefix, handler) in _mounts)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                request.MountPrefix = prefix;
                request.PathInfo = path[prefix.Length..];
                request.Route = prefix.Length == 0 ? "/" : prefix;
                return handler.HandleAsync(context);
            }
        }

        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        var rawPath = request.RawPath;
        var count = RouteSegments.Split(rawPath, ranges, out var decoded);
        if (count >= 0)
        {
            var segments = new RouteSegments(decoded ?? rawPath, ranges[..count]);
            if (FindRoute(segments, out var index) is { } table)
            {
                request.Route = table.GetTemplate(index);
                if (table.GetRateLimitPolicy(index) is { } policy && context.App.RateLimits?.Check(policy, request) is { } limited)
                {
                    return ValueTask.FromResult(limited);
                }

                return table.InvokeAsync(index, segments, request);
            }
        }

        return ValueTask.FromResult(RedirectToSlashVariant(request) ?? Response.NotFound());
    }

    /// <summary>
    /// Trailing slashes are significant (relative links resolve differently under "/docs" and
    /// "/docs/"), so a route matches only the form it declares; a request for the other form is
    /// redirected permanently rather than answered 51.
    /// </summary>
    private Response? RedirectToSlashVariant(Request request)
    {
        var rawPath = request.RawPath;
        if (rawPath == "/")
        {
            return null;
        }

        var variant = rawPath.EndsWith('/') ? rawPath[..^1] : rawPath + "/";
        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        var count = RouteSegments.Split(variant, ranges, out var decoded);
        if (count < 0)
        {
            return null;
        }

        if (FindRoute(new RouteSegments(decoded ?? variant, ranges[..count]), out _) is null)
        {
            return null;
        }

        return Response.RedirectPermanent(request.RawQuery is null ? variant : variant + "?" + request.RawQuery);
    }

    /// <summary>The first route table with a route for <paramref name="segments"/>, and that route's index.</summary>
    private IRouteTable? FindRoute(in RouteSegments segments, out int index)
    {
        foreach (var table in _tables)
        {
            index = table.Match(segments);
            if (index >= 0)
            {
                return table;
            }
        }

        index = -1;
        return null;
    }
}
