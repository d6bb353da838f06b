namespace GenGemini;

/// <summary>
/// Rate limits (<c>Gemini:RateLimit</c>): the global policy (its own keys, such as
/// <c>Gemini:RateLimit:PermitLimit</c> and <c>Gemini:RateLimit:Window</c>) applies to every request;
/// named policies (<c>Gemini:RateLimit:Policies:uploads:PermitLimit</c>) apply to the routes and
/// mounts that name them, on top of the global one. Policies declared in code with
/// <see cref="RateLimitPolicyAttribute"/> take their defaults from there.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests allowed per window for every client, app-wide; 0 (the default) is no global limit.</summary>
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public RateLimitAlgorithm Algorithm { get; set; } = RateLimitAlgorithm.FixedWindow;

    public int SegmentsPerWindow { get; set; } = 6;

    public int TokensPerPeriod { get; set; } = 1;

    public int BanAfter { get; set; }

    public TimeSpan BanDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Named policies, for <see cref="RateLimitAttribute"/> and <c>WithRateLimit</c> on mounts.</summary>
    public Dictionary<string, RateLimitPolicyOptions> Policies { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal RateLimitPolicyOptions Global() => new()
    {
        PermitLimit = PermitLimit,
        Window = Window,
        Algorithm = Algorithm,
        SegmentsPerWindow = SegmentsPerWindow,
        TokensPerPeriod = TokensPerPeriod,
        BanAfter = BanAfter,
        BanDuration = BanDuration,
    };
}
