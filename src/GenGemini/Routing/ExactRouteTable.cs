namespace GenGemini.Routing;

/// <summary>Routes for <c>app.Map("/about", ...)</c>: exact paths, compared segment by segment.</summary>
internal sealed class ExactRouteTable : IRouteTable
{
    private readonly List<(string[] Segments, Func<Request, ValueTask<Response>> Handler, string Path, bool Synchronous)> _routes = [];

    public void Add(string path, Func<Request, ValueTask<Response>> handler, bool synchronous)
    {
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("A mapped path starts with '/'.", nameof(path));
        }

        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        var count = RouteSegments.Split(path, ranges, out var decoded);
        if (count < 0)
        {
            throw new ArgumentException("The path is malformed.", nameof(path));
        }

        var buffer = decoded ?? path;
        var segments = new string[count];
        for (var i = 0; i < count; i++)
        {
            segments[i] = buffer[ranges[i]];
        }

        _routes.Add((segments, handler, path, synchronous));
    }

    public int Match(in RouteSegments path)
    {
        for (var r = 0; r < _routes.Count; r++)
        {
            var segments = _routes[r].Segments;
            if (segments.Length != path.Count)
            {
                continue;
            }

            var i = 0;
            while (i < segments.Length && path[i].SequenceEqual(segments[i]))
            {
                i++;
            }

            if (i == segments.Length)
            {
                return r;
            }
        }

        return -1;
    }

    public ValueTask<Response> InvokeAsync(int routeIndex, in RouteSegments path, Request request) =>
        _routes[routeIndex].Handler(request);

    public string? GetTemplate(int routeIndex) => _routes[routeIndex].Path;

    public bool IsSynchronous(int routeIndex) => _routes[routeIndex].Synchronous;
}
