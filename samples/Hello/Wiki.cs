using System.Collections.Concurrent;
using GenGemini;

namespace Hello;

/// <summary>The wiki's pages, in memory (a real capsule would keep them on disk: see <see cref="IsPageName"/>).</summary>
public sealed class WikiStore
{
    /// <summary>How many pages the wiki holds at most: uploads past it are refused, so it cannot fill the memory.</summary>
    public const int MaxPages = 100;

    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal)
    {
        ["start"] = "# Start\n\nThis page is editable with Titan: upload gemtext to this page's titan:// URL with the wiki's token.\n",
    };

    /// <summary>
    /// Page names are 1-64 lower-case letters, digits and hyphens: never '/', "..", NUL or a
    /// control, so a name is safe as a file name too, should the pages move to disk.
    /// </summary>
    public static bool IsPageName(string page) =>
        page.Length is >= 1 and <= 64 && page.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public bool TryGet(string page, out string text) => _pages.TryGetValue(page, out text!);

    /// <summary>Keeps the page; false when it is a new page and the wiki is full.</summary>
    public bool TryPut(string page, string text)
    {
        if (!_pages.ContainsKey(page) && _pages.Count >= MaxPages)
        {
            return false;
        }

        _pages[page] = text;
        return true;
    }

    public bool Delete(string page) => _pages.TryRemove(page, out _);
}

/// <summary>
/// A tiny wiki: read with gemini://, write with titan:// (size=0 deletes). Writing takes a token
/// (Gemini:Titan:Tokens; when none is configured the sample makes one and keeps it in
/// .certificates/wiki-token), so a capsule on a public address is not writable by anyone.
/// </summary>
[Gemini("/wiki")]
public partial class Wiki(WikiStore pages)
{
    [Gemini("{page}")]
    public Response Read(string page, Request request) =>
        !WikiStore.IsPageName(page) ? Response.BadRequest("Page names are lower-case letters, digits and '-'")
        : pages.TryGet(page, out var text)
            ? Response.Success($"{text}\n=> titan://{request.Host}:{request.Port}{Links.Read(page)} Edit this page (Titan, with the wiki's token)\n")
            : Response.NotFound("No such page yet: upload one with Titan");

    [Titan("{page}", MaxUploadSize = 64 * 1024, RequireToken = true)]
    public Response Write(string page, TitanUpload upload)
    {
        if (!WikiStore.IsPageName(page))
        {
            return Response.BadRequest("Page names are lower-case letters, digits and '-'");
        }

        if (upload.IsDelete)
        {
            return pages.Delete(page) ? Response.RedirectTemporary(Links.Read("start")) : Response.NotFound("No such page");
        }

        if (!upload.MimeType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return Response.BadRequest("Wiki pages are text");
        }

        return pages.TryPut(page, upload.ReadAsText())
            ? Response.RedirectTemporary(Links.Read(page))
            : Response.PermanentFailure($"The wiki is full ({WikiStore.MaxPages} pages)");
    }
}
