using System.Text;
using Microsoft.Win32.SafeHandles;

namespace GenGemini.StaticFiles;

/// <summary>A Markdown file read and converted to gemtext for <see cref="StaticFileHandler.ConvertMarkdown"/>.</summary>
internal static class MarkdownPages
{
    /// <summary>Larger Markdown files are refused (50) rather than held whole in memory.</summary>
    public const long MaxSize = 4 * 1024 * 1024;

    /// <summary>The converted page (UTF-8), or null when the file is larger than <see cref="MaxSize"/>.</summary>
    public static byte[]? Convert(SafeFileHandle handle, long length)
    {
        if (length > MaxSize)
        {
            return null;
        }

        var bytes = new byte[length];
        var filled = FileContents.Fill(handle, bytes);

        var markdown = Encoding.UTF8.GetString(bytes, 0, filled);
        return MarkdownConverter.ToGemtext(markdown).Utf8.ToArray();
    }
}
