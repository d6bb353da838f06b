using GenGemini.Internal;

namespace GenGemini.StaticFiles;

/// <summary>A directory's listing as gemtext (<see cref="StaticFileHandler.DirectoryListing"/>).</summary>
internal static class ListingPages
{
    /// <summary>A gemtext listing of <paramref name="directory"/>, whose URL path is <paramref name="urlPath"/> (ending with '/').</summary>
    public static Response Page(string directory, string urlPath, string realRoot, string? language)
    {
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .Where(e => !e.Name.StartsWith('.') && RealPaths.IsInside(realRoot, e.FullName))
            .Select(e => (e.Name, IsDirectory: (e.Attributes & FileAttributes.Directory) != 0))
            .OrderBy(e => e.IsDirectory ? 0 : 1)
            .ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(e => e.Name, StringComparer.Ordinal);
        var text = new System.Text.StringBuilder();
        text.Append("# Index of ").Append(urlPath).Append("\n\n");
        if (urlPath.Length > 1)
        {
            text.Append("=> ../ ../\n");
        }

        foreach (var (name, isDirectory) in entries)
        {
            // Relative links, percent-encoded: spaces, '#', '?' and non-ASCII names stay links.
            var link = Uri.EscapeDataString(name) + (isDirectory ? "/" : string.Empty);
            text.Append("=> ").Append(link).Append(' ').Append(name).Append(isDirectory ? "/" : string.Empty).Append('\n');
        }

        return Response.Success(text.ToString(), language is null ? "text/gemini" : "text/gemini; lang=" + language);
    }
}
