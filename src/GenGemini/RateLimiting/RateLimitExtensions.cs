namespace GenGemini;

/// <summary>Rate limits on mounts.</summary>
public static class RateLimitExtensions
{
    /// <summary>
    /// The mount counts its requests against the named policy (declared with
    /// <see cref="RateLimitPolicyAttribute"/>, <see cref="GeminiApp.AddRateLimitPolicy"/> or in
    /// <c>Gemini:RateLimit:Policies</c>; an unknown name fails the start). Over it: <c>44 seconds</c>.
    /// </summary>
    public static IMountHandler WithRateLimit(this IMountHandler handler, string policy)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentException.ThrowIfNullOrWhiteSpace(policy);
        return new GuardedMount(handler, context => context.App.RateLimits?.Check(policy, context.Request)) { RateLimitPolicy = policy };
    }
}
