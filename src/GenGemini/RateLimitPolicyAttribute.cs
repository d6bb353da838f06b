namespace GenGemini;

/// <summary>
/// Declares a named rate-limit policy and its defaults: <c>[assembly: RateLimitPolicy("uploads", PermitLimit = 5, WindowSeconds = 60)]</c>.
/// <c>Gemini:RateLimit:Policies:uploads:*</c> in configuration overrides the numbers.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class RateLimitPolicyAttribute : Attribute
{
    public RateLimitPolicyAttribute(string name) => Name = name;

    public string Name { get; }

    public int PermitLimit { get; set; }

    public double WindowSeconds { get; set; } = 60;

    public RateLimitAlgorithm Algorithm { get; set; } = RateLimitAlgorithm.FixedWindow;
}
