using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using GenGemini.Internal;

namespace GenGemini.Gemlog;

/// <summary>A post: its file name, its date, its title, the first paragraph (the feed's summary), when it last changed.</summary>
internal sealed record GemlogPost(string FileName, DateOnly Date, string Title, string Summary, DateTime LastWriteUtc);

/// <summary>
/// The posts of a gemlog directory, read again on every call (so new, changed and deleted posts
/// show at once); a post's title and summary are kept while its file does not change.
/// </summary>
internal sealed class GemlogPosts(string directory)
{
    private const int HeadBytes = 8 * 1024;

    private readonly ConcurrentDictionary<string, (DateTime Written, long Length, string Title, string Summary)> _read = new(StringComparer.Ordinal);

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Every post, newest first (by date, then by name).</summary>
    public IReadOnlyList<GemlogPost> Newest()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var realRoot = RealPaths.Resolve(Directory) ?? Directory;
        var posts = new List<GemlogPost>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.gmi"))
        {
            var name = Path.GetFileName(path);
            if (!TryDate(name, out var date, out var slug) || !RealPaths.IsInside(realRoot, path))
            {
                continue;
            }

            var file = new FileInfo(path);
            if (!_read.TryGetValue(name, out var known) || known.Written != file.LastWriteTimeUtc || known.Length != file.Length)
            {
                var (title, summary) = Read(path, slug, realRoot);
                known = (file.LastWriteTimeUtc, file.Length, title, summary);
                _read[name] = known;
            }

            posts.Add(new GemlogPost(name, date, known.Title, known.Summary, file.LastWriteTimeUtc));
        }

        return [.. posts.OrderByDescending(p => p.Date).ThenByDescending(p => p.FileName, StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="name"/> is <c>YYYY-MM-DD-slug.gmi</c> with a real date.</summary>
    public static bool TryDate(string name, out DateOnly date, out string slug)
    {
        date = default;
        slug = string.Empty;
        if (name.Length < 16 || name[10] != '-' || !name.EndsWith(".gmi", StringComparison.Ordinal)
            || !DateOnly.TryParseExact(name.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return false;
        }

        slug = name[11..^4];
        return slug.Length > 0;
    }

    /// <summary>The first <c># </c> heading (else the slug) and the first text line after it; nothing is read from a file that turns out to lie outside the directory.</summary>
    private static (string Title, string Summary) Read(string path, string slug, string realRoot)
    {
        string text;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            // What was opened counts, not the path: a link swapped since the listing is refused.
            if (!RealPaths.OpenedInside(handle, realRoot))
            {
                return (slug, string.Empty);
            }

            var buffer = new byte[HeadBytes];
            text = Encoding.UTF8.GetString(buffer, 0, StaticFiles.FileContents.Fill(handle, buffer));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (slug, string.Empty);
        }

        var page = GemtextDocument.Parse(text);
        var title = page.Lines.FirstOrDefault(l => l.Type == GemtextLineType.Heading && l.Level == 1)?.Text;
        var summary = page.Lines.FirstOrDefault(l => l.Type == GemtextLineType.Text && l.Text.Trim().Length > 0)?.Text.Trim() ?? string.Empty;
        return (string.IsNullOrWhiteSpace(title) ? slug : title, summary.Length > 500 ? summary[..500] + "…" : summary);
    }
}
