using GenGemini.AccessControl;
using GenGemini.Middleware;
using GenGemini.Routing;
using GenGemini.VirtualHosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace GenGemini.Application;

/// <summary>What was added to a <see cref="GeminiApp"/> before it froze.</summary>
internal sealed record AppRegistrations(
    IReadOnlyList<Func<GeminiRequestDelegate, GeminiRequestDelegate>> Middleware,
    IReadOnlyList<(string Prefix, IGeminiHandler Handler)> Mounts,
    IReadOnlyList<IRouteTable> RouteTables,
    IReadOnlyList<ITitanRouteTable> TitanTables,
    IReadOnlyDictionary<string, RateLimitPolicyOptions> DeclaredPolicies,
    IReadOnlyList<string> AttributeWildcards,
    IReadOnlyList<string> NotCrawled);

/// <summary>
/// Freezes an app: checks what its mounts and hosts name, makes the rate limiters, the router, the
/// pipeline and the served hosts, and gives every mounted handler its services. A mistake in
/// configuration throws <see cref="GeminiStartupException"/>.
/// </summary>
internal static class AppFreezer
{
    public static GeminiApplication Freeze(AppRegistrations registrations, GeminiOptions options, IConfiguration configuration, IServiceProvider root, MountServices services, ILogger logger, IReadOnlyList<string> certificateNames)
    {
        Hosting.StartupWarnings.Log(options, registrations, configuration, logger);
        var policies = MergePolicies(options.RateLimit, registrations.DeclaredPolicies, configuration);
        foreach (var (_, handler) in registrations.Mounts)
        {
            if (handler is GuardedMount { RateLimitPolicy: { } name } && !policies.ContainsKey(name))
            {
                throw new GeminiStartupException($"A mount uses the rate-limit policy '{name}', which is neither declared ([assembly: RateLimitPolicy]) nor in Gemini:RateLimit:Policies.");
            }
        }

        var hostPolicies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, hostOptions) in options.Hosts)
        {
            if (hostOptions.RateLimitPolicy is { } name)
            {
                if (!policies.ContainsKey(name))
                {
                    throw new GeminiStartupException($"Gemini:Hosts:{host}:RateLimitPolicy names '{name}', which is neither declared ([assembly: RateLimitPolicy]) nor in Gemini:RateLimit:Policies.");
                }

                hostPolicies[host.ToLowerInvariant()] = name;
            }
        }

        var global = options.RateLimit;
        var rateLimits = global.PermitLimit > 0 || policies.Values.Any(p => p.PermitLimit > 0)
            ? new RateLimiting.RateLimits(global, policies)
            : null;
        services = services with { RateLimits = rateLimits };

        var hostRoots = HostRoots(options);
        var hostMounts = HostMounts(options);
        foreach (var handler in registrations.Mounts.Select(m => m.Handler).Concat(hostRoots.Values).Concat(hostMounts.Values.SelectMany(m => m.Select(x => x.Handler))))
        {
            (handler as IMountedHandler)?.Mounted(services);
        }

        var placement = new HandlerPlacement(options.HandlerScheduling);
        var tables = RobotsTxt.WithRobots(registrations, options);
        var router = new Router(registrations.Mounts, tables, registrations.TitanTables, options.Titan, hostRoots, hostMounts, options.CertificatePolicies, rateLimits, placement);
        var pipeline = new RequestPipeline(registrations.Middleware, router, logger);
        var served = new ServedHosts(options.HostNames, options.Hosts.Keys, registrations.AttributeWildcards, certificateNames);
        return new GeminiApplication(pipeline, root, rateLimits, hostPolicies, served, options.PublicPort, placement, PageLanguages.From(options));
    }

    /// <summary>Mounts per host from configuration (<c>Gemini:Hosts:{host}:Mounts:{prefix}</c>).</summary>
    private static Dictionary<string, (string Prefix, IGeminiHandler Handler)[]> HostMounts(GeminiOptions options)
    {
        var result = new Dictionary<string, (string Prefix, IGeminiHandler Handler)[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (host, hostOptions) in options.Hosts)
        {
            var mounts = new List<(string, IGeminiHandler)>();
            foreach (var (prefix, mount) in hostOptions.Mounts)
            {
                var normal = Routing.MountPrefixes.Normalize(prefix, out var problem)
                    ?? throw new GeminiStartupException($"Gemini:Hosts:{host}:Mounts: the prefix '{prefix}': {problem}.");
                try
                {
                    mounts.Add((normal, mount.CreateHandler()));
                }
                catch (FormatException ex)
                {
                    throw new GeminiStartupException($"Gemini:Hosts:{host}:Mounts:{prefix}: {ex.Message}.");
                }
            }

            if (mounts.Count > 0)
            {
                result[host.ToLowerInvariant()] = [.. mounts.OrderByDescending(m => m.Item1.Length)];
            }
        }

        return result;
    }

    /// <summary>Static files per host (<c>Gemini:Hosts:{host}:StaticRoot</c>), served where no mount or route answers.</summary>
    private static Dictionary<string, IGeminiHandler> HostRoots(GeminiOptions options) => options.Hosts
        .Where(h => h.Value.StaticRoot is not null)
        .ToDictionary(h => h.Key.ToLowerInvariant(), h => (IGeminiHandler)new StaticFiles.StaticFileHandler(h.Value.StaticRoot!), StringComparer.OrdinalIgnoreCase);

    /// <summary>Declared policies, each key that configuration sets replacing its default; then configuration-only ones.</summary>
    private static Dictionary<string, RateLimitPolicyOptions> MergePolicies(RateLimitOptions options, IReadOnlyDictionary<string, RateLimitPolicyOptions> declared, IConfiguration configuration)
    {
        var merged = new Dictionary<string, RateLimitPolicyOptions>(options.Policies, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, defaults) in declared)
        {
            var section = configuration.GetSection($"{GeminiAppBuilder.ConfigurationSection}:RateLimit:Policies:{name}");
            if (!options.Policies.TryGetValue(name, out var bound))
            {
                merged[name] = defaults;
                continue;
            }

            merged[name] = new RateLimitPolicyOptions
            {
                PermitLimit = section[nameof(RateLimitPolicyOptions.PermitLimit)] is null ? defaults.PermitLimit : bound.PermitLimit,
                Window = section[nameof(RateLimitPolicyOptions.Window)] is null ? defaults.Window : bound.Window,
                Algorithm = section[nameof(RateLimitPolicyOptions.Algorithm)] is null ? defaults.Algorithm : bound.Algorithm,
                SegmentsPerWindow = section[nameof(RateLimitPolicyOptions.SegmentsPerWindow)] is null ? defaults.SegmentsPerWindow : bound.SegmentsPerWindow,
                TokensPerPeriod = section[nameof(RateLimitPolicyOptions.TokensPerPeriod)] is null ? defaults.TokensPerPeriod : bound.TokensPerPeriod,
                BanAfter = section[nameof(RateLimitPolicyOptions.BanAfter)] is null ? defaults.BanAfter : bound.BanAfter,
                BanDuration = section[nameof(RateLimitPolicyOptions.BanDuration)] is null ? defaults.BanDuration : bound.BanDuration,
            };
        }

        return merged;
    }
}
