namespace GenGemini;

/// <summary>
/// A mount declared in configuration for one host (<c>Gemini:Hosts:{host}:Mounts:{prefix}:*</c>):
/// exactly one of a static-file directory, a CGI script directory, or an SCGI backend.
/// </summary>
public sealed class GeminiMountOptions
{
    /// <summary>A directory of static files.</summary>
    public string? StaticRoot { get; set; }

    /// <summary>A directory of CGI scripts.</summary>
    public string? CgiDirectory { get; set; }

    /// <summary>An SCGI backend: "host:port" or "unix:/path/to.sock".</summary>
    public string? Scgi { get; set; }

    /// <summary>Builds the handler; throws <see cref="FormatException"/> naming what is wrong.</summary>
    internal IGeminiHandler CreateHandler()
    {
        var given = new[] { StaticRoot, CgiDirectory, Scgi }.Count(v => v is not null);
        if (given != 1)
        {
            throw new FormatException("give exactly one of StaticRoot, CgiDirectory or Scgi");
        }

        if (StaticRoot is not null)
        {
            return new StaticFiles.StaticFileHandler(StaticRoot);
        }

        if (CgiDirectory is not null)
        {
            return new Cgi.CgiHandler(CgiDirectory);
        }

        if (Scgi!.StartsWith("unix:", StringComparison.Ordinal))
        {
            return new Scgi.ScgiHandler(GenGemini.Scgi.ScgiEndpoint.Unix(Scgi[5..]));
        }

        var colon = Scgi.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(Scgi.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"Scgi '{Scgi}' is not host:port or unix:/path");
        }

        return new Scgi.ScgiHandler(GenGemini.Scgi.ScgiEndpoint.Tcp(Scgi[..colon].Trim('[', ']'), port));
    }
}
