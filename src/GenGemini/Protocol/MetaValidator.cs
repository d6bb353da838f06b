using System.Text;

namespace GenGemini.Protocol;

/// <summary>Checks a META string against the rules of the response header.</summary>
internal static class MetaValidator
{
    /// <summary>Returns null when <paramref name="meta"/> is acceptable, otherwise why not.</summary>
    public static string? Validate(string meta)
    {
        if (ControlCharacters.Any(meta))
        {
            // CR and LF would end the header; NUL, ESC, C1 (U+009B is a terminal's CSI) and the
            // other controls reach the client's screen and logs. None goes out.
            return "META must not contain control characters (CR, LF, NUL, ESC, C1...).";
        }

        // A UTF-16 unit is at most 3 bytes of UTF-8: short META needs no count.
        if (meta.Length > GeminiStatus.MaxMetaBytes / 3 && Encoding.UTF8.GetByteCount(meta) > GeminiStatus.MaxMetaBytes)
        {
            return "META must be at most 1024 bytes of UTF-8.";
        }

        return null;
    }

    /// <summary>
    /// <paramref name="meta"/> made acceptable: each control character becomes U+FFFD and the text
    /// is cut to 1024 bytes of UTF-8 (on a character boundary). For messages that carry a visitor's
    /// words (a <see cref="GeminiException"/>'s, a prompt, an error).
    /// </summary>
    public static string Sanitize(string meta)
    {
        if (Validate(meta) is null)
        {
            return meta;
        }

        var builder = new StringBuilder(Math.Min(meta.Length, GeminiStatus.MaxMetaBytes));
        var bytes = 0;
        for (var i = 0; i < meta.Length; i++)
        {
            var c = meta[i];
            var end = char.IsHighSurrogate(c) && i + 1 < meta.Length && char.IsLowSurrogate(meta[i + 1]) ? i + 2 : i + 1;
            var text = ControlCharacters.Any(meta.AsSpan(i, 1)) ? "\uFFFD" : meta[i..end];
            var size = Encoding.UTF8.GetByteCount(text);
            if (bytes + size > GeminiStatus.MaxMetaBytes)
            {
                break;
            }

            builder.Append(text);
            bytes += size;
            i = end - 1;
        }

        return builder.ToString();
    }
}
