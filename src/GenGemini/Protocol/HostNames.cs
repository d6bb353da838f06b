using System.Globalization;

namespace GenGemini.Protocol;

/// <summary>
/// What a request's host may be: a DNS name of LDH labels (letters, digits, hyphens; 1-63
/// characters each, 253 in all), an internationalised name that IDNA accepts, or an IPv4 address.
/// Anything else (a line break, a space, a slash that came percent-encoded) is refused, so a host
/// can never carry text into a page, a log line or a gateway's SERVER_NAME.
/// </summary>
internal static class HostNames
{
    private const int MaxLength = 253;
    private const int MaxLabel = 63;

    /// <summary>The host lower-cased (one trailing dot removed); false when it is not a host name.</summary>
    public static bool TryNormalize(string host, out string normalized)
    {
        normalized = string.Empty;
        var span = host.AsSpan();
        if (span.EndsWith('.'))
        {
            span = span[..^1]; // "example.org." is the fully-qualified spelling of "example.org"
        }

        if (span.IsEmpty || span.Length > MaxLength)
        {
            return false;
        }

        if (IsLdh(span))
        {
            normalized = span.Length == host.Length && !HasUpper(span) ? host : span.ToString().ToLowerInvariant();
            return true;
        }

        if (span.IndexOfAnyInRange('\u0080', '\uFFFF') < 0)
        {
            return false; // ASCII but not LDH: '_', '%', controls, spaces...
        }

        try
        {
            // IDNA (UTS #46 with the STD3 rules: labels end up LDH); the Unicode spelling is kept.
            var ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(span.ToString());
            if (!IsLdh(ascii) || ascii.Length > MaxLength)
            {
                return false;
            }

            normalized = span.ToString().ToLowerInvariant();
            return !ControlCharacters.Any(normalized);
        }
        catch (Exception ex) when (ex is ArgumentException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    private static bool IsLdh(ReadOnlySpan<char> name)
    {
        var labelStart = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] == '.')
            {
                var label = name[labelStart..i];
                if (label.IsEmpty || label.Length > MaxLabel || label[0] == '-' || label[^1] == '-')
                {
                    return false;
                }

                labelStart = i + 1;
                continue;
            }

            var c = name[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasUpper(ReadOnlySpan<char> name) => name.IndexOfAnyInRange('A', 'Z') >= 0;
}
