namespace GenGemini;

/// <summary>
/// Declares a named rate-limit policy and its defaults: <c>[assembly: RateLimitPolicy("uploads", PermitLimit = 5, WindowSeconds = 60)]</c>.
/// <c>Gemini:RateLimit:Policies:uploads:*</c> in configuration overrides the numbers.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class RateLimitPolicyAttribute : Attribute
{
    /// <summary>Declares the rate-limit policy <paramref name="name"/>.</summary>
    public RateLimitPolicyAttribute(string name) => Name = name;

    /// <summary>The policy's name, as <c>[RateLimit]</c> and configuration spell it.</summary>
    public string Name { get; }

    /// <summary>Requests a client may make per window (0: unlimited).</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window, in seconds (60 by default).</summary>
    public double WindowSeconds { get; set; } = 60;

    /// <summary>How requests are counted (a fixed window by default).</summary>
    public RateLimitAlgorithm Algorithm { get; set; } = RateLimitAlgorithm.FixedWindow;
}
