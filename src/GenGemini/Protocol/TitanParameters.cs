using System.Globalization;

namespace GenGemini.Protocol;

/// <summary>
/// The parameters of a Titan upload (<c>titan://host/path;mime=text/plain;size=123;token=secret</c>):
/// what follows the path's first ';'. <c>size</c> is required (0 means delete), <c>mime</c> defaults
/// to text/gemini as the Titan convention says, <c>token</c> is optional; values are percent-decoded.
/// </summary>
public sealed class TitanParameters
{
    private TitanParameters(long size, string mimeType, string? token)
    {
        Size = size;
        MimeType = mimeType;
        Token = token;
    }

    /// <summary>The upload's size in bytes (0: a delete).</summary>
    public long Size { get; }

    /// <summary>The upload's type (text/gemini when none was given).</summary>
    public string MimeType { get; }

    /// <summary>The token, percent-decoded, or null.</summary>
    public string? Token { get; }

    /// <summary>Parses "mime=...;size=...;token=..."; <paramref name="problem"/> is the 59 META otherwise.</summary>
    public static bool TryParse(string parameters, out TitanParameters? result, out string? problem)
    {
        result = null;
        long? size = null;
        string? mime = null;
        string? token = null;
        foreach (var part in parameters.Split(';'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? part : part[..equals]).ToLowerInvariant();
            if (!PercentEncoding.TryDecode(equals < 0 ? string.Empty : part[(equals + 1)..], out var value))
            {
                problem = "Malformed percent-encoding in Titan parameters";
                return false;
            }

            switch (key)
            {
                case "size":
                    if (size is not null)
                    {
                        problem = "Duplicate Titan parameter: size";
                        return false;
                    }

                    if (value.Length == 0 || value.Length > 18 || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                    {
                        problem = "Titan size must be a whole number of bytes";
                        return false;
                    }

                    size = parsed;
                    break;
                case "mime":
                    if (mime is not null)
                    {
                        problem = "Duplicate Titan parameter: mime";
                        return false;
                    }

                    var slash = value.IndexOf('/', StringComparison.Ordinal);
                    // type/subtype without spaces, then parameters if any; no control anywhere (tabs,
                    // CR and LF included: a handler may echo the type in a META or a log).
                    if (slash <= 0 || slash == value.Length - 1 || ControlCharacters.Any(value)
                        || value.AsSpan(0, value.IndexOf(';') is var semi and >= 0 ? semi : value.Length).Contains(' '))
                    {
                        problem = "Titan mime must be a type/subtype";
                        return false;
                    }

                    mime = value;
                    break;
                case "token":
                    if (token is not null)
                    {
                        problem = "Duplicate Titan parameter: token";
                        return false;
                    }

                    token = value;
                    break;
                default:
                    break; // unknown parameters are for other servers' extensions: ignored
            }
        }

        if (size is null)
        {
            problem = "Titan upload without a size";
            return false;
        }

        result = new TitanParameters(size.Value, mime ?? "text/gemini", token);
        problem = null;
        return true;
    }
}
