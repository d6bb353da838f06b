namespace GenGemini;

/// <summary>
/// Rate limits (<c>Gemini:RateLimit</c>): the global policy (its own keys, such as
/// <c>Gemini:RateLimit:PermitLimit</c> and <c>Gemini:RateLimit:Window</c>) applies to every request;
/// named policies (<c>Gemini:RateLimit:Policies:uploads:PermitLimit</c>) apply to the routes,
/// mounts and hosts that name them, on top of the global one. Policies declared in code with
/// <see cref="RateLimitPolicyAttribute"/> take their defaults from there. The global policy is off
/// while its <see cref="RateLimitPolicyOptions.PermitLimit"/> is 0 (the default).
/// </summary>
public sealed class RateLimitOptions : RateLimitPolicyOptions
{
    /// <summary>Named policies, for <see cref="RateLimitAttribute"/>, <c>WithRateLimit</c> on mounts and hosts.</summary>
    public IDictionary<string, RateLimitPolicyOptions> Policies { get; } = new Dictionary<string, RateLimitPolicyOptions>(StringComparer.OrdinalIgnoreCase);
}
