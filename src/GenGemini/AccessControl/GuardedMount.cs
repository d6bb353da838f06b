using GenGemini.Application;
namespace GenGemini.AccessControl;

/// <summary>
/// A mount behind a check (an access list, a rate limit, a certificate requirement): the check's
/// answer when it refuses, else the mount's. What <c>RestrictTo</c>, <c>WithRateLimit</c> and
/// <c>RequireCertificate</c> on mounts return.
/// </summary>
internal sealed class GuardedMount(IGeminiHandler inner, Func<Request, MountServices?, Response?> refusal) : IGeminiHandler, IMountedHandler
{
    private MountServices? _services;

    /// <summary>The rate-limit policy the check counts against, when it is one (checked to exist at start).</summary>
    public string? RateLimitPolicy { get; init; }

    public IGeminiHandler Inner => inner;

    public void Mounted(MountServices services)
    {
        _services = services;
        (inner as IMountedHandler)?.Mounted(services);
    }

    public bool NeverBlocks => inner.NeverBlocks;

    public ValueTask<Response> HandleAsync(Request request) =>
        refusal(request, _services) is { } refused ? ValueTask.FromResult(refused) : inner.HandleAsync(request);
}
