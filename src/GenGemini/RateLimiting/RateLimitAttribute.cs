namespace GenGemini;

/// <summary>
/// Applies the named rate-limit policy to a route, or to every route of a class. The policy must
/// be declared with <see cref="RateLimitPolicyAttribute"/> (an unknown name fails the build, GG0024);
/// configuration may change its numbers.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RateLimitAttribute : Attribute
{
    /// <summary>Counts the route's requests against <paramref name="policy"/>.</summary>
    public RateLimitAttribute(string policy) => Policy = policy;

    /// <summary>The policy's name.</summary>
    public string Policy { get; }
}
