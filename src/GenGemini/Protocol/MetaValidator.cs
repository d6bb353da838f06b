using System.Text;

namespace GenGemini.Protocol;

/// <summary>Checks a META string against the rules of the response header.</summary>
internal static class MetaValidator
{
    /// <summary>Returns null when <paramref name="meta"/> is acceptable, otherwise why not.</summary>
    public static string? Validate(string meta)
    {
        foreach (var c in meta)
        {
            if (c == '\r' || c == '\n')
            {
                return "META must not contain CR or LF.";
            }
        }

        if (meta.Length > GeminiStatus.MaxMetaBytes || Encoding.UTF8.GetByteCount(meta) > GeminiStatus.MaxMetaBytes)
        {
            return "META must be at most 1024 bytes of UTF-8.";
        }

        return null;
    }
}
