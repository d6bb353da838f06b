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
        return new RateLimitedMount(handler, policy);
    }
}

/// <summary>A mount whose requests count against a named policy.</summary>
internal sealed class RateLimitedMount(IMountHandler inner, string policy) : IMountHandler
{
    public string Policy => policy;

    public ValueTask<Response> HandleAsync(GeminiContext context) =>
        context.App.RateLimits?.Check(policy, context.Request) is { } limited
            ? ValueTask.FromResult(limited)
            : inner.HandleAsync(context);
}
