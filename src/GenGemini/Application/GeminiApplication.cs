using GenGemini.Middleware;
using GenGemini.Protocol;
using GenGemini.VirtualHosts;

namespace GenGemini.Application;

/// <summary>
/// The frozen app: served hosts and ports, the global and per-host rate limits (between protocol
/// and application: a client over them reaches no middleware), then the middleware pipeline and
/// the router. Immutable once made, except for the certificate's names, given when it is loaded.
/// </summary>
internal sealed class GeminiApplication : IGeminiApplication, IDisposable
{
    private readonly RequestPipeline _pipeline;
    private readonly IServiceProvider _services;
    private readonly RateLimiting.RateLimits? _rateLimits;
    private readonly Dictionary<string, string> _hostPolicies;
    private readonly ServedHosts _servedHosts;
    private readonly int? _publicPort;
    private readonly HandlerPlacement _placement;
    private readonly PageLanguages? _languages;

    public GeminiApplication(RequestPipeline pipeline, IServiceProvider services, RateLimiting.RateLimits? rateLimits, Dictionary<string, string> hostPolicies, ServedHosts servedHosts, int? publicPort,
        HandlerPlacement? placement = null, PageLanguages? languages = null)
    {
        _languages = languages;
        _placement = placement ?? new HandlerPlacement(HandlerScheduling.Automatic);
        _pipeline = pipeline;
        _services = services;
        _rateLimits = rateLimits;
        _hostPolicies = hostPolicies;
        _servedHosts = servedHosts;
        _publicPort = publicPort;
    }

    public ServedHosts ServedHosts => _servedHosts;

    /// <summary>The rate limiters, for tests that look at what they keep.</summary>
    internal RateLimiting.RateLimits? RateLimits => _rateLimits;

    /// <summary>
    /// The server's listening port is always acceptable, as is the configured public port; the
    /// host must be one of <see cref="ServedHosts"/>.
    /// </summary>
    public bool ServesAuthority(GeminiUri uri, int listeningPort) =>
        (uri.Port == listeningPort || uri.Port == (_publicPort ?? listeningPort)) && _servedHosts.Serves(uri.Host);

    public void Dispose() => _rateLimits?.Dispose();

    public ValueTask<Response> ProcessAsync(Request request)
    {
        request.Exchange.RootServices ??= _services;
        if (_rateLimits is { HasGlobal: true } limits && limits.CheckGlobal(request) is { } limited)
        {
            return ValueTask.FromResult(limited);
        }

        if (_hostPolicies.Count > 0 && _hostPolicies.TryGetValue(request.Host, out var hostPolicy)
            && _rateLimits?.Check(hostPolicy, request) is { } hostLimited)
        {
            return ValueTask.FromResult(hostLimited);
        }

        if (_placement.LeaveBeforePipeline)
        {
            return ProcessOnThreadPoolAsync(request);
        }

        if (_languages is null)
        {
            return _pipeline.ProcessAsync(request);
        }

        var response = _pipeline.ProcessAsync(request);
        return response.IsCompletedSuccessfully
            ? ValueTask.FromResult(_languages.Apply(response.Result, request.Host))
            : WithLanguageAsync(response, request.Host);
    }

    private async ValueTask<Response> WithLanguageAsync(ValueTask<Response> response, string host) =>
        _languages!.Apply(await response.ConfigureAwait(false), host);

    private async ValueTask<Response> ProcessOnThreadPoolAsync(Request request)
    {
        await Task.Yield();
        var response = await _pipeline.ProcessAsync(request).ConfigureAwait(false);
        return _languages is null ? response : _languages.Apply(response, request.Host);
    }
}
