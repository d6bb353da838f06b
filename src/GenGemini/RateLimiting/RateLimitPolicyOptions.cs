namespace GenGemini;

/// <summary>
/// One rate-limit policy: how many requests a client may make (per client address, or per
/// client certificate when one is presented). Over it, the client gets <c>44</c> with the seconds
/// to wait. Names follow System.Threading.RateLimiting's options.
/// </summary>
public class RateLimitPolicyOptions
{
    /// <summary>Requests allowed per window (per bucket for TokenBucket); 0 turns the policy off.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window (for TokenBucket: the replenishment period).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How requests are counted (a fixed window by default).</summary>
    public RateLimitAlgorithm Algorithm { get; set; } = RateLimitAlgorithm.FixedWindow;

    /// <summary>SlidingWindow: the segments a window moves by.</summary>
    public int SegmentsPerWindow { get; set; } = 6;

    /// <summary>TokenBucket: tokens added each <see cref="Window"/>.</summary>
    public int TokensPerPeriod { get; set; } = 1;

    /// <summary>
    /// Escalation, as molly-brown's bans: a client refused this many times in a row while limited
    /// is refused outright for <see cref="BanDuration"/>. 0 (the default) never bans.
    /// </summary>
    public int BanAfter { get; set; }

    /// <summary>How long a ban lasts.</summary>
    public TimeSpan BanDuration { get; set; } = TimeSpan.FromMinutes(10);
}
