using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using GenGemini.Internal;

namespace GenGemini.RateLimiting;

/// <summary>
/// The app's rate limiters, made once when it starts: the global policy and the named ones, each
/// a System.Threading.RateLimiting partitioned limiter keyed by the client's address (an IPv6
/// client by its /64, which one host usually has whole). Never by its certificate: certificates
/// cost nothing to mint, so a client that presents a new one per request would otherwise never be
/// limited or banned.
/// </summary>
internal sealed class RateLimits : IDisposable
{
    private readonly PolicyLimiter? _global;
    private readonly Dictionary<string, PolicyLimiter> _named;

    /// <summary>The limiters; <paramref name="time"/> dates strikes and bans (the system clock unless a test fakes it).</summary>
    public RateLimits(RateLimitPolicyOptions global, IReadOnlyDictionary<string, RateLimitPolicyOptions> named, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        _global = global.PermitLimit > 0 ? new PolicyLimiter(global, time) : null;
        _named = new Dictionary<string, PolicyLimiter>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, options) in named)
        {
            if (options.PermitLimit > 0)
            {
                _named[name] = new PolicyLimiter(options, time);
            }
        }
    }

    public bool HasGlobal => _global is not null;

    /// <summary>How many addresses the strike and ban tables hold (they forget finished bans).</summary>
    internal int TrackedOffenders => (_global?.StrikeCount ?? 0) + _named.Values.Sum(l => l.StrikeCount);

    /// <summary>The 44 to answer when the global policy refuses <paramref name="request"/>; null to go on.</summary>
    public Response? CheckGlobal(Request request) => _global?.Check(request);

    /// <summary>The 44 to answer when the named policy refuses <paramref name="request"/>; null to go on.</summary>
    public Response? Check(string policy, Request request) =>
        _named.TryGetValue(policy, out var limiter) ? limiter.Check(request) : null;

    public void Dispose()
    {
        _global?.Dispose();
        foreach (var limiter in _named.Values)
        {
            limiter.Dispose();
        }
    }

    /// <summary>The partition a request counts against.</summary>
    internal static string PartitionKey(Request request)
    {
        if (request.RemoteEndPoint?.Address is not { } address)
        {
            return "unknown";
        }

        address = address.Group();
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? "ip:" + address + "/64" : "ip:" + address;
    }

    private sealed class PolicyLimiter : IDisposable
    {
        private readonly PartitionedRateLimiter<string> _limiter;
        private readonly RateLimitPolicyOptions _options;
        private readonly TimeProvider _time;
        private readonly ConcurrentDictionary<string, Strikes> _strikes = new(StringComparer.Ordinal);
        private readonly long _forgetAfter;
        private long _nextSweep;

        public PolicyLimiter(RateLimitPolicyOptions options, TimeProvider time)
        {
            _options = options;
            _time = time;
            // A strike older than a window and a ban (both over) says nothing any more.
            _forgetAfter = (long)((options.Window + options.BanDuration).TotalSeconds * time.TimestampFrequency);
            _nextSweep = time.GetTimestamp() + _forgetAfter;
            _limiter = PartitionedRateLimiter.Create<string, string>(key => options.Algorithm switch
            {
                RateLimitAlgorithm.SlidingWindow => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    SegmentsPerWindow = Math.Max(1, options.SegmentsPerWindow),
                    QueueLimit = 0,
                }),
                RateLimitAlgorithm.TokenBucket => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.PermitLimit,
                    TokensPerPeriod = Math.Max(1, options.TokensPerPeriod),
                    ReplenishmentPeriod = options.Window,
                    QueueLimit = 0,
                }),
                _ => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    QueueLimit = 0,
                }),
            });
        }

        public Response? Check(Request request)
        {
            var key = PartitionKey(request);
            var now = _time.GetTimestamp();
            if (now > Volatile.Read(ref _nextSweep) && _options.BanAfter > 0)
            {
                Sweep(now);
            }

            if (_options.BanAfter > 0 && _strikes.TryGetValue(key, out var strikes) && strikes.BannedUntil > now)
            {
                return Response.SlowDown(Seconds(_time.GetElapsedTime(now, strikes.BannedUntil)));
            }

            using var lease = _limiter.AttemptAcquire(key);
            if (lease.IsAcquired)
            {
                if (_options.BanAfter > 0)
                {
                    _strikes.TryRemove(key, out _);
                }

                return null;
            }

            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _options.Window;
            if (_options.BanAfter > 0)
            {
                var updated = _strikes.AddOrUpdate(key, _ => new Strikes(1, 0, now), (_, s) => new Strikes(s.Count + 1, s.BannedUntil, now));
                if (updated.Count >= _options.BanAfter)
                {
                    _strikes[key] = new Strikes(0, now + (long)(_options.BanDuration.TotalSeconds * _time.TimestampFrequency), now);
                    wait = _options.BanDuration;
                }
            }

            return Response.SlowDown(Seconds(wait));
        }

        public void Dispose() => _limiter.Dispose();

        /// <summary>Forgets strikes and bans that are over, so the table holds only recent offenders.</summary>
        private void Sweep(long now)
        {
            var due = Volatile.Read(ref _nextSweep);
            if (Interlocked.CompareExchange(ref _nextSweep, now + _forgetAfter, due) != due)
            {
                return; // another request is sweeping
            }

            foreach (var (key, strikes) in _strikes)
            {
                if (strikes.BannedUntil <= now && now - strikes.LastStrike > _forgetAfter)
                {
                    _strikes.TryRemove(KeyValuePair.Create(key, strikes));
                }
            }
        }

        /// <summary>How many strikes (and bans) the table holds now: for tests.</summary>
        internal int StrikeCount => _strikes.Count;

        // The META of 44 is whole seconds; never 0, which would invite an immediate retry.
        private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

        private readonly record struct Strikes(int Count, long BannedUntil, long LastStrike);
    }
}
