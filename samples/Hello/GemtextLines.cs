namespace Hello;

/// <summary>Putting a visitor's text into gemtext without letting it change the page.</summary>
internal static class Gemtext
{
    /// <summary>
    /// <paramref name="text"/> as part of one line: line breaks (CR, LF, NEL, U+2028, U+2029) and
    /// other control characters become spaces, so the text cannot start a line of its own, and
    /// with it a link, heading, list item, quote or preformatted block.
    /// </summary>
    public static string OneLine(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c;
            }
        });
}
