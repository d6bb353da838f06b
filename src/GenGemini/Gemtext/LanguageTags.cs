namespace GenGemini;

/// <summary>The <c>lang</c> parameter of <c>text/gemini</c>: one BCP 47 tag or several separated by commas.</summary>
internal static class LanguageTags
{
    /// <summary>True when <paramref name="language"/> is letters, digits and hyphens, in comma-separated tags of at most 35 characters each.</summary>
    public static bool IsValid(string? language)
    {
        if (string.IsNullOrEmpty(language) || language.Length > 128)
        {
            return false;
        }

        foreach (var tag in language.Split(','))
        {
            if (tag.Length is 0 or > 35 || tag[0] == '-' || tag[^1] == '-')
            {
                return false;
            }

            foreach (var c in tag)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Returns <paramref name="language"/>, or throws when it is not a language tag (it goes into a META).</summary>
    public static string Check(string language) => IsValid(language)
        ? language
        : throw new ArgumentException("A language is a BCP 47 tag (\"en\", \"de-CH\") or several separated by commas.", nameof(language));
}
