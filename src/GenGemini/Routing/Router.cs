using GenGemini.Application;
using GenGemini.Certificates;
namespace GenGemini.Routing;

/// <summary>
/// Finds what serves a path: mounts first (longest prefix wins), then the route tables in the
/// order they were added; frozen when the app starts.
/// </summary>
internal sealed class Router
{
    private readonly (string Prefix, IGeminiHandler Handler)[] _mounts;
    private readonly IRouteTable[] _tables;
    private readonly ITitanRouteTable[] _titanTables;
    private readonly TitanOptions _titan;
    private readonly IDictionary<string, IList<string>> _certificatePolicies;
    private readonly RateLimiting.RateLimits? _rateLimits;
    private readonly Dictionary<string, IGeminiHandler> _hostRoots;
    private readonly Dictionary<string, (string Prefix, IGeminiHandler Handler)[]> _hostMounts;
    private readonly HandlerPlacement _placement;

    public Router(IEnumerable<(string Prefix, IGeminiHandler Handler)> mounts, IEnumerable<IRouteTable> tables, IEnumerable<ITitanRouteTable> titanTables, TitanOptions titan,
        Dictionary<string, IGeminiHandler>? hostRoots = null, Dictionary<string, (string Prefix, IGeminiHandler Handler)[]>? hostMounts = null,
        IDictionary<string, IList<string>>? certificatePolicies = null, RateLimiting.RateLimits? rateLimits = null,
        HandlerPlacement? placement = null)
    {
        _placement = placement ?? new HandlerPlacement(HandlerScheduling.Automatic);
        _certificatePolicies = certificatePolicies ?? new Dictionary<string, IList<string>>();
        _rateLimits = rateLimits;
        _hostRoots = hostRoots ?? [];
        _hostMounts = hostMounts ?? [];
        // Longest prefix first, so "/api/v2" wins over "/api".
        _mounts = [.. mounts.OrderByDescending(m => m.Prefix.Length)];
        _tables = [.. tables];
        _titanTables = [.. titanTables];
        _titan = titan;
    }

    public ValueTask<Response> RouteAsync(Request request)
    {
        if (request.Uri.Titan is { } upload)
        {
            return RouteUploadAsync(request, upload);
        }

        var path = request.Path;
        // The host's own mounts first, then the app's.
        if (_hostMounts.Count > 0 && _hostMounts.TryGetValue(request.Host, out var hostMounts) && Mounted(hostMounts, request, path) is { } hosted)
        {
            return hosted;
        }

        if (Mounted(_mounts, request, path) is { } mounted)
        {
            return mounted;
        }

        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        var rawPath = request.RawPath;
        if (RouteSegments.TryCreate(rawPath, ranges, out var segments))
        {
            if (FindRoute(segments, request.Host, out var index) is { } table)
            {
                request.Exchange.Route = table.GetTemplate(index);
                if (table.GetCertificateRequirement(index) is { } requirement && CertificateRequirement.Check(request, requirement, _certificatePolicies) is { } refused)
                {
                    return ValueTask.FromResult(refused);
                }

                if (table.GetRateLimitPolicy(index) is { } policy && _rateLimits?.Check(policy, request) is { } limited)
                {
                    return ValueTask.FromResult(limited);
                }

                return _placement.LeaveBeforeHandler(table.IsSynchronous(index))
                    ? InvokeOnThreadPoolAsync(table, index, request)
                    : table.InvokeAsync(index, segments, request);
            }
        }

        if (RedirectToSlashVariant(request) is { } redirect)
        {
            return ValueTask.FromResult(redirect);
        }

        // A host's own static files fill in where no mount or route answers.
        if (_hostRoots.Count > 0 && _hostRoots.TryGetValue(request.Host, out var files))
        {
            request.Exchange.MountPrefix = string.Empty;
            request.Exchange.PathInfo = path;
            request.Exchange.Route = "/";
            return Handle(files, request);
        }

        return ValueTask.FromResult(Response.NotFound());
    }

    /// <summary>The longest mount (they are sorted so) whose prefix covers <paramref name="path"/>, run; null when none does.</summary>
    private ValueTask<Response>? Mounted((string Prefix, IGeminiHandler Handler)[] mounts, Request request, string path)
    {
        foreach (var (prefix, handler) in mounts)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                request.Exchange.MountPrefix = prefix;
                request.Exchange.PathInfo = path[prefix.Length..];
                request.Exchange.Route = prefix.Length == 0 ? "/" : prefix;
                return Handle(handler, request);
            }
        }

        return null;
    }

    /// <summary>
    /// A titan:// request: only [Titan] routes (mounts and gemini routes never see uploads). The
    /// size and token are checked before a byte of the body is read; the handler is called only
    /// with the whole body.
    /// </summary>
    private async ValueTask<Response> RouteUploadAsync(Request request, Protocol.TitanParameters upload)
    {
        var (table, index) = FindUploadRoute(request.RawPath, request.Host);
        if (table is null)
        {
            return Response.NotFound();
        }

        request.Exchange.Route = table.GetTemplate(index);
        if (table.GetCertificateRequirement(index) is { } requirement && CertificateRequirement.Check(request, requirement, _certificatePolicies) is { } refused)
        {
            return refused;
        }

        // A body is held in one array: nothing larger than an array can hold is accepted, whatever
        // a route declares (a limit over 2 GiB is answered 50 above that, not thrown on).
        var limit = Math.Min(table.GetMaxUploadSize(index) ?? _titan.MaxUploadSize, Array.MaxLength);
        if (upload.Size > limit)
        {
            return Response.PermanentFailure($"Upload exceeds {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes");
        }

        if (table.RequiresToken(index))
        {
            if (upload.Token is null)
            {
                return Response.ClientCertificateRequired("Upload token required");
            }

            if (!_titan.Tokens.Contains(upload.Token, StringComparer.Ordinal))
            {
                return new Response(StatusCode.CertificateNotAuthorised, "Upload token not accepted");
            }
        }

        if (table.GetRateLimitPolicy(index) is { } policy && _rateLimits?.Check(policy, request) is { } limited)
        {
            return limited;
        }

        var body = request.Exchange.UploadBody is { } read ? await read(upload.Size, request.RequestAborted).ConfigureAwait(false) : null;
        if (body is null)
        {
            // Short, late or absent: no handler call, nothing written, the connection closed.
            request.Exchange.Unanswered = true;
            return Response.BadRequest("Incomplete upload");
        }

        request.Exchange.Upload = new TitanUpload(upload.Size, upload.MimeType, upload.Token, body);
        if (_placement.LeaveBeforeHandler(table.IsSynchronous(index)))
        {
            // The body's last read may have completed on a socket engine's thread.
            await Task.Yield();
        }

        return await Invoke(table, index, request).ConfigureAwait(false);
    }

    private ValueTask<Response> Handle(IGeminiHandler handler, Request request) =>
        _placement.LeaveBeforeHandler(handler.NeverBlocks) ? HandleOnThreadPoolAsync(handler, request) : handler.HandleAsync(request);

    private static async ValueTask<Response> HandleOnThreadPoolAsync(IGeminiHandler handler, Request request)
    {
        await Task.Yield();
        return await handler.HandleAsync(request).ConfigureAwait(false);
    }

    private static async ValueTask<Response> InvokeOnThreadPoolAsync(IRouteTable table, int index, Request request)
    {
        await Task.Yield();
        return await Invoke(table, index, request).ConfigureAwait(false);
    }

    /// <summary>Runs a matched route again from the request's path (after an await, when the segments are gone).</summary>
    private static ValueTask<Response> Invoke(IRouteTable table, int index, Request request)
    {
        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        var rawPath = request.RawPath;
        RouteSegments.TryCreate(rawPath, ranges, out var segments);
        return table.InvokeAsync(index, segments, request);
    }

    private (ITitanRouteTable? Table, int Index) FindUploadRoute(string rawPath, string host)
    {
        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        if (RouteSegments.TryCreate(rawPath, ranges, out var segments))
        {
            foreach (var table in _titanTables)
            {
                var index = table.Match(segments, host);
                if (index >= 0)
                {
                    return (table, index);
                }
            }
        }

        return (null, -1);
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
        if (!RouteSegments.TryCreate(variant, ranges, out var segments) || FindRoute(segments, request.Host, out _) is null)
        {
            return null;
        }

        variant = Internal.ServedPaths.LocalPath(variant);
        return Response.RedirectPermanent(request.RawQuery is null ? variant : variant + "?" + request.RawQuery);
    }

    /// <summary>The first route table with a route for <paramref name="segments"/>, and that route's index.</summary>
    private IRouteTable? FindRoute(in RouteSegments segments, string host, out int index)
    {
        foreach (var table in _tables)
        {
            index = table.Match(segments, host);
            if (index >= 0)
            {
                return table;
            }
        }

        index = -1;
        return null;
    }
}
