namespace GenGemini.Hosting;

/// <summary>
/// The capsule's short command-line switches (<c>--port 1966</c>, <c>--hostname a --hostname b</c>,
/// <c>--quiet</c>) rewritten as configuration keys, so that the command line is one more
/// configuration source, above environment variables and appsettings.json. Keys given in full
/// (<c>--Gemini:Port=1966</c>, <c>--Logging:LogLevel:Default=Debug</c>) and the host's own
/// switches pass through unchanged. An unknown switch is an operator's mistake, reported at start.
/// </summary>
internal static class CommandLineSwitches
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--host"] = "Gemini:ListenAddress",
        ["--port"] = "Gemini:Port",
        ["--public-port"] = "Gemini:PublicPort",
        ["--cert"] = "Gemini:Tls:CertificatePath",
        ["--key"] = "Gemini:Tls:KeyPath",
        ["--cert-dir"] = "Gemini:Tls:CertificateDirectory",
        ["--environment"] = "environment",
        ["--contentRoot"] = "contentRoot",
        ["--applicationName"] = "applicationName",
    };

    /// <summary>The switches a user can type, for the error message.</summary>
    public const string Known = "--host, --port, --public-port, --hostname (repeatable), --cert, --key, --cert-dir, --quiet, --environment, or --Section:Key=value";

    /// <summary>
    /// The arguments as full configuration keys (<c>--Gemini:Port=1966</c>); <paramref name="error"/>
    /// is the one line to show an operator when a switch is unknown or lacks its value.
    /// </summary>
    public static string[] Translate(string[] args, out string? error)
    {
        error = null;
        var translated = new List<string>(args.Length);
        var hostNames = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--quiet")
            {
                translated.Add("--Logging:LogLevel:Default=Warning");
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                error ??= $"Unexpected argument '{arg}'; options are {Known}.";
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            string? value = equals < 0 ? null : arg[(equals + 1)..];
            string key;
            if (name == "--hostname")
            {
                key = "Gemini:HostNames:" + hostNames++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (Switches.TryGetValue(name, out var mapped))
            {
                key = mapped;
            }
            else if (name.Length > 2 && name.Contains(':', StringComparison.Ordinal))
            {
                key = name[2..];
            }
            else
            {
                error ??= $"Unknown option '{name}'; options are {Known}.";
                if (value is null && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    i++;
                }

                continue;
            }

            if (value is null)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error ??= $"Option '{name}' needs a value.";
                    continue;
                }

                value = args[++i];
            }

            translated.Add("--" + key + "=" + value);
        }

        return [.. translated];
    }
}
