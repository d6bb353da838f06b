using System.Globalization;
using System.Text;

namespace GenGemini.Diagnostics;

/// <summary>
/// Makes a visitor's text safe to log: a log line is read in terminals, journald and log viewers,
/// so controls (C0, DEL, C1), line and paragraph separators and bidirectional overrides
/// (U+202E turns "gmi.exe" around) are written as <c>\uXXXX</c>; a titan:// upload token is
/// written as <c>token=***</c>. A value that needs neither is returned as it is, without a copy.
/// </summary>
internal static class LogValues
{
    private const string Redacted = "***";

    /// <summary>A URL (or any text a client chose) for a log line.</summary>
    public static string Escape(string value)
    {
        // The usual URL: printable ASCII with no token. No allocation.
        var needsEscape = value.AsSpan().IndexOfAnyExceptInRange(' ', '~') >= 0;
        var token = value.IndexOf(";token=", StringComparison.OrdinalIgnoreCase);
        if (!needsEscape && token < 0)
        {
            return value;
        }

        if (token >= 0)
        {
            var start = token + ";token=".Length;
            var end = value.AsSpan(start).IndexOfAny(';', '?');
            end = end < 0 ? value.Length : start + end;
            value = string.Concat(value.AsSpan(0, start), Redacted, value.AsSpan(end));
            if (!needsEscape)
            {
                return value;
            }
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (MustEscape(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool MustEscape(char c) => c is < ' ' or > '~'
        && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
