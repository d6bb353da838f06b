using GenGemini.Gemlog;

namespace GenGemini;

/// <summary>Serving a directory of dated posts as a gemlog.</summary>
public static class GemlogExtensions
{
    /// <summary>
    /// Serves <paramref name="directory"/> under <paramref name="prefix"/> as a gemlog: posts are
    /// files named <c>YYYY-MM-DD-slug.gmi</c>; <c>{prefix}/</c> is the index (a heading, then one
    /// gemsub link line per post, newest first), <c>{prefix}/atom.xml</c> an Atom feed, and every
    /// other file is served as a static file. New, changed and deleted posts show up at once.
    /// See docs/gemlog.md.
    /// </summary>
    public static GeminiApp MapGemlog(this GeminiApp app, string prefix, string directory, GemlogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new GemlogOptions();
        if (options.FeedEntries < 1)
        {
            throw new ArgumentException("A feed holds at least one entry.", nameof(options));
        }

        if (options.Language is { } language)
        {
            LanguageTags.Check(language);
        }

        return app.Mount(prefix, new GemlogHandler(directory, options), options.Crawl);
    }
}
