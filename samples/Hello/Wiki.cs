using System.Collections.Concurrent;
using GenGemini;

namespace Hello;

/// <summary>The wiki's pages, in memory (a real capsule would keep them on disk).</summary>
public sealed class WikiStore
{
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["start"] = "# Start\n\nThis page is editable with Titan: upload gemtext to this page's titan:// URL.\n",
    };

    public bool TryGet(string page, out string text) => _pages.TryGetValue(page, out text!);

    public void Put(string page, string text) => _pages[page] = text;

    public bool Delete(string page) => _pages.TryRemove(page, out _);
}

/// <summary>A tiny wiki: read with gemini://, write with titan:// (size=0 deletes).</summary>
[Gemini("/wiki")]
public partial class Wiki(WikiStore pages)
{
    [Gemini("{page}")]
    public Response Read(string page, Request request) =>
        pages.TryGet(page, out var text)
            ? Response.Success($"{text}\n=> titan://{request.Host}:{request.Port}{Links.Read(page)} Edit this page (Titan)\n")
            : Response.NotFound($"No page {page} yet: upload one with Titan");

    [Titan("{page}", MaxUploadSize = 64 * 1024)]
    public Response Write(string page, TitanUpload upload)
    {
        if (upload.IsDelete)
        {
            return pages.Delete(page) ? Response.Redirect(Links.Read("start")) : Response.NotFound($"No page {page}");
        }

        if (!upload.MimeType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return Response.BadRequest("Wiki pages are text");
        }

        pages.Put(page, upload.ReadAsText());
        return Response.Redirect(Links.Read(page));
    }
}
