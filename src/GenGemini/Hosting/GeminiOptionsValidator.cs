using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace GenGemini.Hosting;

/// <summary>Checks the options once, at start: each failure is one line an operator can act on.</summary>
internal sealed class GeminiOptionsValidator : IValidateOptions<GeminiOptions>
{
    /// <summary>
    /// The bound and checked options: an operator's mistake (a bad switch, an unknown key, a value
    /// of the wrong type, a failed check) is one <see cref="GeminiStartupException"/> line.
    /// </summary>
    public static GeminiOptions Resolve(IServiceProvider services, string? argumentError)
    {
        if (argumentError is not null)
        {
            throw new GeminiStartupException(argumentError);
        }

        try
        {
            return Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IOptions<GeminiOptions>>(services).Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new GeminiStartupException(string.Join(" ", ex.Failures), ex);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own words: an unknown key or a value of the wrong type.
            var message = ex.Message.ReplaceLineEndings(" ");
            var unknown = message.IndexOf("were not found on the instance of", StringComparison.Ordinal);
            throw new GeminiStartupException(
                unknown < 0
                    ? "Invalid configuration: " + message
                    : $"Unknown option(s) in the {GeminiAppBuilder.ConfigurationSection} section: {message[(message.IndexOf(':', unknown) + 1)..].Trim()}",
                ex);
        }
    }

    private static bool IsListenAddress(string address) =>
        address is "localhost" or "*" or "0.0.0.0" or "::" or "[::]" || IPAddress.TryParse(address.Trim('[', ']'), out _);

    public ValidateOptionsResult Validate(string? name, GeminiOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Gemini:Port must be from 0 to 65535, not {options.Port.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.PublicPort is < 1 or > 65535)
        {
            failures.Add($"Gemini:PublicPort must be from 1 to 65535, not {options.PublicPort.Value.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!IsListenAddress(options.ListenAddress))
        {
            failures.Add($"Gemini:ListenAddress must be localhost, * or an IP address, not '{options.ListenAddress}'.");
        }

        foreach (var host in options.HostNames)
        {
            var bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (host != "*" && Uri.CheckHostName(bare.Trim('[', ']')) == UriHostNameType.Unknown)
            {
                failures.Add($"Gemini:HostNames has '{host}', which is not a host name or an IP address.");
            }
        }

        if (options.Language is { } language && !LanguageTags.IsValid(language))
        {
            failures.Add("Gemini:Language must be a language tag (\"en\", \"de-CH\") or several separated by commas.");
        }

        foreach (var (host, hostOptions) in options.Hosts)
        {
            if (hostOptions.Language is { } hostLanguage && !LanguageTags.IsValid(hostLanguage))
            {
                failures.Add($"Gemini:Hosts:{host}:Language must be a language tag (\"en\", \"de-CH\") or several separated by commas.");
            }
        }

        if (Routing.RobotsTxt.Problem(options) is { } robots)
        {
            failures.Add(robots);
        }

        Positive(failures, "Limits:HandshakeTimeout", options.Limits.HandshakeTimeout);
        Positive(failures, "Limits:RequestTimeout", options.Limits.RequestTimeout);
        Positive(failures, "Limits:ResponseTimeout", options.Limits.ResponseTimeout);
        if (options.Limits.ShutdownGracePeriod < TimeSpan.Zero)
        {
            failures.Add("Gemini:Limits:ShutdownGracePeriod must not be negative.");
        }

        if (options.Limits.MaxConcurrentConnections < 1)
        {
            failures.Add("Gemini:Limits:MaxConcurrentConnections must be at least 1.");
        }

        if (options.Limits.MaxConnectionsPerAddress < 1)
        {
            failures.Add("Gemini:Limits:MaxConnectionsPerAddress must be at least 1.");
        }

        if (options.Limits.PerAddressQueueLimit < 0)
        {
            failures.Add("Gemini:Limits:PerAddressQueueLimit must be 0 or more.");
        }

        if (options.Limits.PerAddressQueueTimeout <= TimeSpan.Zero)
        {
            failures.Add("Gemini:Limits:PerAddressQueueTimeout must be positive.");
        }

        foreach (var (host, hostOptions) in options.Hosts)
        {
            if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                failures.Add($"Gemini:Hosts has '{host}', which is not a host name.");
            }

            if ((hostOptions.CertificatePath is null) != (hostOptions.KeyPath is null))
            {
                failures.Add($"Gemini:Hosts:{host}: give both CertificatePath and KeyPath, or neither.");
            }
            else if (hostOptions.CertificatePath is not null)
            {
                Readable(failures, $"Gemini:Hosts:{host}: certificate", hostOptions.CertificatePath);
                Readable(failures, $"Gemini:Hosts:{host}: key", hostOptions.KeyPath!);
            }

            if (hostOptions.StaticRoot is not null && !Directory.Exists(hostOptions.StaticRoot))
            {
                failures.Add($"Gemini:Hosts:{host}:StaticRoot '{hostOptions.StaticRoot}' is not a directory.");
            }
        }

        RateLimit(failures, "Gemini:RateLimit", options.RateLimit.PermitLimit, options.RateLimit.Window);
        foreach (var (policy, limits) in options.RateLimit.Policies)
        {
            RateLimit(failures, $"Gemini:RateLimit:Policies:{policy}", limits.PermitLimit, limits.Window);
        }

        try
        {
            _ = options.GetAccessList();
        }
        catch (FormatException ex)
        {
            failures.Add("Gemini:Access: " + ex.Message);
        }

        for (var i = 0; i < options.Listeners.Count; i++)
        {
            var listener = options.Listeners[i];
            if (listener.Port is < 0 or > 65535)
            {
                failures.Add($"Gemini:Listeners:{i.ToString(CultureInfo.InvariantCulture)}:Port must be from 0 to 65535, not {listener.Port.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (!IsListenAddress(listener.Address))
            {
                failures.Add($"Gemini:Listeners:{i.ToString(CultureInfo.InvariantCulture)}:Address must be localhost, * or an IP address, not '{listener.Address}'.");
            }
        }

        try
        {
            _ = options.GetTrustedProxies();
            if (options.ProxyProtocol.TrustedProxies.Count == 0 && options.GetListeners().Any(l => l.ProxyProtocol))
            {
                failures.Add("The PROXY protocol is on, but Gemini:ProxyProtocol:TrustedProxies is empty: list the load balancers' addresses.");
            }
        }
        catch (FormatException ex)
        {
            failures.Add("Gemini:ProxyProtocol:TrustedProxies: " + ex.Message);
        }

        if (options.GetGivenCertificate() is null && (options.Tls.CertificatePath is null) != (options.Tls.KeyPath is null))
        {
            failures.Add("Give both Gemini:Tls:CertificatePath (--cert) and Gemini:Tls:KeyPath (--key), or neither.");
        }
        else if (options.GetGivenCertificate() is null && options.Tls.CertificatePath is not null)
        {
            Readable(failures, "Certificate", options.Tls.CertificatePath);
            Readable(failures, "Key", options.Tls.KeyPath!);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RateLimit(List<string> failures, string section, int permitLimit, TimeSpan window)
    {
        if (permitLimit < 0)
        {
            failures.Add($"{section}:PermitLimit must not be negative (0 turns the limit off).");
        }
        else if (permitLimit > 0 && window <= TimeSpan.Zero)
        {
            failures.Add($"{section}:Window must be positive.");
        }
    }

    private static void Positive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Gemini:{name} must be positive.");
        }
    }

    private static void Readable(List<string> failures, string what, string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "does not exist",
                UnauthorizedAccessException => "is not readable",
                _ => "cannot be read",
            };
            failures.Add($"{what} file '{path}' {reason}.");
        }
    }
}
