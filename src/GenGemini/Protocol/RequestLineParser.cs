using System.Net;
using System.Text;
using System.Text.Unicode;

namespace GenGemini.Protocol;

/// <summary>
/// Parses and validates the Gemini request line (spec 0.24): an absolute URI of at most
/// 1024 bytes followed by CRLF. Pure code, no sockets.
/// </summary>
internal static class RequestLineParser
{
    public const int MaxUriBytes = 1024;
    public const int DefaultPort = 1965;

    /// <summary>Finds the CRLF that ends the request line in <paramref name="buffered"/>.</summary>
    /// <param name="buffered">What has arrived so far.</param>
    /// <param name="uriLength">On Complete, the length of the URI (CRLF excluded).</param>
    public static RequestLineScan Scan(ReadOnlySpan<byte> buffered, out int uriLength)
    {
        var window = buffered.Length > MaxUriBytes + 2 ? buffered[..(MaxUriBytes + 2)] : buffered;
        var lf = window.IndexOf((byte)'\n');
        uriLength = 0;
        if (lf < 0)
        {
            return buffered.Length >= MaxUriBytes + 2 ? RequestLineScan.TooLong : RequestLineScan.Incomplete;
        }

        if (lf == 0 || window[lf - 1] != (byte)'\r')
        {
            return lf > MaxUriBytes ? RequestLineScan.TooLong : RequestLineScan.BareLineFeed;
        }

        uriLength = lf - 1;
        return uriLength > MaxUriBytes ? RequestLineScan.TooLong : RequestLineScan.Complete;
    }

    /// <summary>Turns a scan outcome other than Complete into the error a client gets.</summary>
    public static RequestError ScanError(RequestLineScan scan) => scan switch
    {
        RequestLineScan.TooLong => new(StatusCode.BadRequest, "Request exceeds 1024 bytes"),
        RequestLineScan.BareLineFeed => new(StatusCode.BadRequest, "Request line must end with CRLF"),
        _ => new(StatusCode.BadRequest, "Incomplete request line"),
    };

    /// <summary>Validates and parses the URI bytes (CRLF already removed).</summary>
    public static bool TryParse(ReadOnlySpan<byte> uriBytes, out GeminiUri? uri, out RequestError error)
    {
        uri = null;
        if (uriBytes.Length > MaxUriBytes)
        {
            error = new(StatusCode.BadRequest, "Request exceeds 1024 bytes");
            return false;
        }

        if (uriBytes.IsEmpty)
        {
            error = new(StatusCode.BadRequest, "Empty request");
            return false;
        }

        if (uriBytes.IndexOf((byte)0) >= 0)
        {
            error = new(StatusCode.BadRequest, "Request contains NUL");
            return false;
        }

        if (!Utf8.IsValid(uriBytes))
        {
            error = new(StatusCode.BadRequest, "Request is not valid UTF-8");
            return false;
        }

        foreach (var b in uriBytes)
        {
            // Controls, space and the characters RFC 3986 never allows unescaped.
            if (b <= 0x20 || b == 0x7F || b == '"' || b == '<' || b == '>' || b == '\\' || b == '^' || b == '`' || b == '{' || b == '|' || b == '}')
            {
                error = new(StatusCode.BadRequest, "Malformed URI");
                return false;
            }
        }

        return TryParse(Encoding.UTF8.GetString(uriBytes), out uri, out error);
    }

    private static bool TryParse(string url, out GeminiUri? uri, out RequestError error)
    {
        uri = null;
        var span = url.AsSpan();

        if (span.IndexOf('#') >= 0)
        {
            error = new(StatusCode.BadRequest, "Fragments are not allowed in requests");
            return false;
        }

        var colon = span.IndexOf(':');
        if (colon <= 0 || !IsScheme(span[..colon]))
        {
            error = new(StatusCode.BadRequest, "Request must be an absolute URI");
            return false;
        }

        var hierarchical = span[(colon + 1)..];
        var titan = span[..colon].Equals("titan", StringComparison.OrdinalIgnoreCase);
        if (!titan && !span[..colon].Equals("gemini", StringComparison.OrdinalIgnoreCase))
        {
            error = new(StatusCode.ProxyRequestRefused, "Proxy request refused");
            return false;
        }

        if (!hierarchical.StartsWith("//"))
        {
            error = new(StatusCode.BadRequest, "Request must be an absolute URI");
            return false;
        }

        var afterSlashes = hierarchical[2..];
        var authorityEnd = afterSlashes.IndexOfAny('/', '?');
        var authority = authorityEnd < 0 ? afterSlashes : afterSlashes[..authorityEnd];
        var rest = authorityEnd < 0 ? ReadOnlySpan<char>.Empty : afterSlashes[authorityEnd..];

        if (authority.IndexOf('@') >= 0)
        {
            error = new(StatusCode.BadRequest, "Userinfo is not allowed in requests");
            return false;
        }

        if (!TryParseAuthority(authority, out var host, out var port, out var explicitPort))
        {
            error = new(StatusCode.BadRequest, "Malformed host or port");
            return false;
        }

        var question = rest.IndexOf('?');
        var rawPathSpan = question < 0 ? rest : rest[..question];
        string? rawQuery = question < 0 ? null : rest[(question + 1)..].ToString();
        TitanParameters? upload = null;
        if (titan)
        {
            // The parameters follow the path's first ';' (a path may not carry one of its own here).
            var semicolon = rawPathSpan.IndexOf(';');
            if (semicolon < 0)
            {
                error = new(StatusCode.BadRequest, "Titan upload without parameters");
                return false;
            }

            if (!TitanParameters.TryParse(rawPathSpan[(semicolon + 1)..].ToString(), out upload, out var problem))
            {
                error = new(StatusCode.BadRequest, problem!);
                return false;
            }

            rawPathSpan = rawPathSpan[..semicolon];
        }

        // One normalised path for everything that follows: mounts, guards, routes, static files,
        // gateways and the relay all see the same one, so no spelling of a path reaches past a guard.
        if (!RequestPaths.TryNormalize(rawPathSpan.IsEmpty ? "/" : rawPathSpan.ToString(), out var rawPath, out var path, out var pathProblem))
        {
            error = new(StatusCode.BadRequest, pathProblem!);
            return false;
        }

        string? query = null;
        if (rawQuery is not null && !PercentEncoding.TryDecode(rawQuery, out query))
        {
            error = new(StatusCode.BadRequest, "Malformed percent-encoding in query");
            return false;
        }

        uri = new GeminiUri(url, host, port, explicitPort, rawPath, path, rawQuery, query, upload);
        error = default;
        return true;
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseAuthority(ReadOnlySpan<char> authority, out string host, out int port, out bool explicitPort)
    {
        host = string.Empty;
        port = DefaultPort;
        explicitPort = false;
        ReadOnlySpan<char> portSpan;

        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(authority[1..close], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = authority[..(close + 1)].ToString().ToLowerInvariant();
            var after = authority[(close + 1)..];
            if (!after.IsEmpty && after[0] != ':')
            {
                return false;
            }

            portSpan = after.IsEmpty ? ReadOnlySpan<char>.Empty : after[1..];
            explicitPort = !after.IsEmpty;
        }
        else
        {
            var colon = authority.IndexOf(':');
            var hostSpan = colon < 0 ? authority : authority[..colon];
            portSpan = colon < 0 ? ReadOnlySpan<char>.Empty : authority[(colon + 1)..];
            explicitPort = colon >= 0;
            if (hostSpan.IsEmpty || hostSpan.IndexOfAny('[', ']') >= 0)
            {
                return false;
            }

            if (!PercentEncoding.TryDecode(hostSpan, out var decodedHost) || !HostNames.TryNormalize(decodedHost, out host))
            {
                return false;
            }
        }

        if (portSpan.IsEmpty)
        {
            // "gemini://host:/" is allowed by RFC 3986 and means the default port.
            return true;
        }

        if (portSpan.Length > 5 || !int.TryParse(portSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        return true;
    }
}
