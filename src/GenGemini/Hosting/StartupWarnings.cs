using System.Net;
using GenGemini.Application;
using Microsoft.Extensions.Logging;

namespace GenGemini.Hosting;

/// <summary>
/// Settings that work but are dangerous, each named in one warning line when the app starts, so an
/// operator sees what a copy-pasted configuration opens up.
/// </summary>
internal static partial class StartupWarnings
{
    public static IReadOnlyList<string> Find(GeminiOptions options, AppRegistrations registrations)
    {
        var warnings = new List<string>();
        foreach (var proxy in options.ProxyProtocol.TrustedProxies)
        {
            if (proxy.Trim() is "0.0.0.0/0" or "::/0" or "*")
            {
                warnings.Add($"Gemini:ProxyProtocol:TrustedProxies contains '{proxy.Trim()}': any client can claim any address in a PROXY header, past access lists, caps and rate limits.");
            }
        }

        if (options.HostNames.Any(h => h.Trim() == "*"))
        {
            warnings.Add("Gemini:HostNames contains '*': the capsule answers for any host name a client sends (and a handler that prints the host prints the client's words).");
        }

        foreach (var (host, hostOptions) in options.Hosts)
        {
            if (hostOptions.StaticRoot is { } root && IsFileSystemRoot(root))
            {
                warnings.Add($"Gemini:Hosts:{host}:StaticRoot is the file system's root: every readable file on this machine is served.");
            }
        }

        if (registrations.TitanTables.Count > 0 && options.Titan.Tokens.Count == 0 && options.GetListeners().Any(l => !IsLoopback(l.Address)))
        {
            warnings.Add("Titan upload routes are served on a public address and Gemini:Titan:Tokens is empty: anyone can upload (set RequireToken on the routes and list tokens).");
        }

        return warnings;
    }

    /// <summary>Configuration keys of 0.1 that moved into a group: they still work, with a warning each.</summary>
    public static IEnumerable<string> MovedKeys(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var section = configuration.GetSection(GeminiAppBuilder.ConfigurationSection);
        foreach (var (old, moved) in GeminiOptions.MovedKeys)
        {
            if (section[old] is not null)
            {
                yield return $"Gemini:{old} is now Gemini:{moved}; the old key works until 1.1 (docs/migration.md).";
            }
        }
    }

    public static void Log(GeminiOptions options, AppRegistrations registrations, Microsoft.Extensions.Configuration.IConfiguration configuration, ILogger logger)
    {
        foreach (var warning in MovedKeys(configuration).Concat(Find(options, registrations)))
        {
            Dangerous(logger, warning);
        }
    }

    [LoggerMessage(15, LogLevel.Warning, "{Warning}")]
    private static partial void Dangerous(ILogger logger, string warning);

    private static bool IsFileSystemRoot(string path)
    {
        try
        {
            var full = Path.GetFullPath(path); // "/srv/..", "//" and "/" all come out as "/"
            return Path.GetPathRoot(full) == full;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    private static bool IsLoopback(string address) =>
        address.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip));
}
