namespace GenGemini;

/// <summary>The System.Threading.RateLimiting limiter a policy uses.</summary>
public enum RateLimitAlgorithm
{
    /// <summary><see cref="System.Threading.RateLimiting.FixedWindowRateLimiter"/>: PermitLimit requests per Window.</summary>
    FixedWindow,

    /// <summary><see cref="System.Threading.RateLimiting.SlidingWindowRateLimiter"/>: PermitLimit per Window, the window moving in SegmentsPerWindow steps.</summary>
    SlidingWindow,

    /// <summary><see cref="System.Threading.RateLimiting.TokenBucketRateLimiter"/>: a bucket of PermitLimit tokens, TokensPerPeriod added every Window.</summary>
    TokenBucket,
}
