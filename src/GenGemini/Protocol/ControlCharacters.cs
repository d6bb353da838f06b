namespace GenGemini.Protocol;

/// <summary>
/// The one definition of a control character that may not travel: C0 (NUL, CR, LF, ESC...), DEL
/// and C1 (U+0080-U+009F; U+009B is a terminal's CSI). Paths, hosts, META and gateway values all
/// refuse what this finds.
/// </summary>
internal static class ControlCharacters
{
    /// <summary>Whether <paramref name="text"/> holds a C0 control, DEL or a C1 control.</summary>
    public static bool Any(ReadOnlySpan<char> text) =>
        text.IndexOfAnyInRange('\0', '\u001F') >= 0 || text.IndexOfAnyInRange('\u007F', '\u009F') >= 0;
}
