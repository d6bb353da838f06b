namespace GenGemini;

/// <summary>
/// A mount behind a check (an access list, a rate limit, a certificate requirement): the check's
/// answer when it refuses, else the mount's. What <c>RestrictTo</c>, <c>WithRateLimit</c> and
/// <c>RequireCertificate</c> on mounts return.
/// </summary>
internal sealed class GuardedMount(IMountHandler inner, Func<GeminiContext, Response?> refusal) : IMountHandler
{
    /// <summary>The rate-limit policy the check counts against, when it is one (checked to exist at start).</summary>
    public string? RateLimitPolicy { get; init; }

    public ValueTask<Response> HandleAsync(GeminiContext context) =>
        refusal(context) is { } refused ? ValueTask.FromResult(refused) : inner.HandleAsync(context);
}
