namespace GenGemini.Protocol;

/// <summary>
/// The request path's one normalisation, done when the request line is parsed: every layer after
/// it (mounts, guards, routes, files, gateways, the relay) sees the same path.
/// </summary>
internal static class RequestPaths
{
    /// <summary>
    /// The one normalisation of a request path: RFC 3986's remove_dot_segments ("." and "..",
    /// percent-encoded dots too), empty segments collapsed ("//" is "/"; a trailing slash is kept),
    /// then decoded. Refused (59): a ".." that climbs above the root, an encoded slash (whose
    /// meaning differs between a route value, a file name and a backend), a malformed escape, and
    /// a control character (NUL, CR, LF, C1) anywhere in the decoded path, which would otherwise
    /// reach file names, gateway variables and pages. Returns the normalised path still encoded
    /// (<paramref name="rawPath"/>, what is relayed) and decoded (<paramref name="path"/>).
    /// </summary>
    internal static bool TryNormalize(string raw, out string rawPath, out string path, out string? problem)
    {
        rawPath = path = string.Empty;
        problem = null;
        if (raw.Length == 0)
        {
            raw = "/";
        }

        if (raw[0] != '/')
        {
            problem = "Malformed path";
            return false;
        }

        var hasEscape = raw.IndexOf('%') >= 0;
        if (hasEscape && (raw.Contains("%2f", StringComparison.OrdinalIgnoreCase) || raw.Contains("%5c", StringComparison.OrdinalIgnoreCase)))
        {
            problem = "Encoded slash in path";
            return false;
        }

        rawPath = raw;
        if (raw.Contains("//", StringComparison.Ordinal) || raw.Contains("/.", StringComparison.Ordinal) || (hasEscape && raw.Contains("/%2", StringComparison.OrdinalIgnoreCase)))
        {
            if (RemoveDotSegments(raw) is not { } normal)
            {
                problem = "Path climbs above the root";
                return false;
            }

            rawPath = normal;
        }

        if (!PercentEncoding.TryDecode(rawPath, out path))
        {
            problem = "Malformed percent-encoding in path";
            return false;
        }

        if (ControlCharacters.Any(path))
        {
            problem = "Control character in path";
            return false;
        }

        return true;
    }

    /// <summary>
    /// remove_dot_segments with empty segments dropped; null when a ".." would climb above the root.
    /// </summary>
    internal static string? RemoveDotSegments(string path)
    {
        var output = new List<string>();
        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment.Length == 0)
            {
                if (last)
                {
                    output.Add(string.Empty); // the trailing slash is significant
                }
            }
            else if (IsDot(segment))
            {
                if (last)
                {
                    output.Add(string.Empty);
                }
            }
            else if (IsDotDot(segment))
            {
                if (output.Count == 0)
                {
                    return null;
                }

                output.RemoveAt(output.Count - 1);
                if (last)
                {
                    output.Add(string.Empty);
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        return "/" + string.Join('/', output);
    }

    private static bool IsDot(string segment) => segment == "." || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase);

    private static bool IsDotDot(string segment) => segment.Length is 2 or 4 or 6
        && segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) == "..";
}
