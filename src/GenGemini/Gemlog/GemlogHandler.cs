using GenGemini.StaticFiles;

namespace GenGemini.Gemlog;

/// <summary>A gemlog under a mount prefix: the index, the Atom feed, and the directory's files.</summary>
internal sealed class GemlogHandler : IGeminiHandler
{
    private const string FeedPath = "/atom.xml";

    private readonly GemlogOptions _options;
    private readonly GemlogPosts _posts;
    private readonly StaticFileHandler _files;

    public GemlogHandler(string directory, GemlogOptions options)
    {
        _options = options;
        _posts = new GemlogPosts(directory);
        _files = new StaticFileHandler(directory) { Language = options.Language };
    }

    /// <summary>Reading the directory blocks: the router moves the request to the thread pool first.</summary>
    bool IGeminiHandler.NeverBlocks => false;

    public ValueTask<Response> HandleAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.PathInfo;
        if (path.Length == 0)
        {
            // The index's links are relative to the directory: it lives at the prefix with a slash.
            var index = Internal.ServedPaths.LocalPath(request.MountPrefix + "/");
            return ValueTask.FromResult(Response.RedirectPermanent(index));
        }

        if (path == "/")
        {
            return ValueTask.FromResult(Index());
        }

        if (path == FeedPath)
        {
            var port = request.Port == 1965 ? string.Empty : ":" + request.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var indexUrl = "gemini://" + request.Host + port + Internal.ServedPaths.LocalPath(request.MountPrefix + "/");
            return ValueTask.FromResult(Response.Success(AtomFeed.Write(_posts.Newest(), _options, indexUrl), "application/atom+xml"));
        }

        return _files.HandleAsync(request);
    }

    private Response Index()
    {
        var w = new GemtextWriter(4096);
        try
        {
            w.WriteTrusted("# "u8);
            w.WriteValue(_options.Title);
            w.WriteTrusted("\n\n"u8);
            var header = Path.Combine(_posts.Directory, "index.gmi");
            if (File.Exists(header) && Internal.RealPaths.IsInside(Internal.RealPaths.Resolve(_posts.Directory) ?? _posts.Directory, header))
            {
                // The author's own text above the list: trusted, as every file of the directory is.
                var text = File.ReadAllText(header);
                w.WriteTrusted(text.EndsWith('\n') ? text : text + "\n");
                w.WriteTrusted("\n"u8);
            }

            foreach (var post in _posts.Newest())
            {
                // gemsub: a link line whose label starts with the date.
                w.WriteTrusted("=> "u8);
                w.WriteValue(post.FileName);
                w.WriteTrusted(" "u8);
                w.WriteValue(post.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " " + post.Title);
                w.WriteTrusted("\n"u8);
            }

            var page = w.ToGemtext();
            return _options.Language is { } language ? Response.Success(page, language) : Response.Success(page);
        }
        finally
        {
            w.Dispose();
        }
    }
}
