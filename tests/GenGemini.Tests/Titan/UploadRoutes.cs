using System.Collections.Concurrent;

namespace GenGemini.Tests.Titan;

/// <summary>Titan routes and a gemini route to read back, over a static store (keys unique per test).</summary>
[Gemini("/uploads")]
public static partial class UploadRoutes
{
    public static ConcurrentDictionary<string, (string Mime, string Text)> Files { get; } = new();

    public static ConcurrentDictionary<string, int> Calls { get; } = new();

    [Titan("{name}", MaxUploadSize = 1000)]
    public static Response Put(string name, TitanUpload upload)
    {
        Calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (upload.IsDelete)
        {
            return Files.TryRemove(name, out _) ? Response.RedirectTemporary("/uploads/") : Response.NotFound("Nothing to delete");
        }

        Files[name] = (upload.MimeType, upload.ReadAsText());
        return Response.RedirectTemporary(Links.Get(name));
    }

    [Titan("secret/{name}", RequireToken = true)]
    public static Response PutSecret(string name, TitanUpload upload, Request request)
    {
        Files["secret/" + name] = (upload.MimeType, upload.ReadAsText());
        return Response.Success($"stored with token {upload.Token} from {request.Host}");
    }

    /// <summary>A route whose limit is past what an array holds (over 2 GiB).</summary>
    [Titan("big/{name}", MaxUploadSize = 3_000_000_000)]
    public static Response PutBig(string name, TitanUpload upload) => Response.Success($"got {upload.Size} bytes for {name}");

    [Gemini("{name}")]
    public static Response Get(string name) =>
        Files.TryGetValue(name, out var file) ? Response.Success(file.Text, file.Mime) : Response.NotFound();
}
