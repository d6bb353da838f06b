using System.Collections.Concurrent;
using GenGemini.Application;
using GenGemini.Internal;

namespace GenGemini.StaticFiles;

/// <summary>
/// Serves the files under a directory: <c>app.Mount("/", new StaticFileHandler("capsule"))</c>.
/// A directory answers with its index.gmi (a directory requested without its trailing slash gets
/// 31 to it, so relative links work); hidden files, climbing above it, and paths that lead out of
/// it through a symbolic link in any component (to a file or to a directory) are refused; links
/// that stay inside are served. Files up to <see cref="SmallFileLimit"/> are read whole and sent
/// with the header in one TLS write, and kept in memory (up to <see cref="CacheSize"/> bytes in all) for as
/// long as their size and modification time stay the same; larger ones are streamed from disk.
/// </summary>
public sealed class StaticFileHandler : IGeminiHandler
{
    private readonly string _root;
    private readonly ConcurrentDictionary<string, CachedFile> _cache = new(StringComparer.Ordinal);
    private long _cachedBytes;
    private string? _realRoot;

    /// <summary>Serves the files under <paramref name="directory"/>; a directory answers with its <paramref name="indexFile"/>.</summary>
    public StaticFileHandler(string directory, string indexFile = "index.gmi")
    {
        // "/srv/www/" and "/srv/www" are one root (a trailing separator made every path look outside it).
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        IndexFile = indexFile;
    }

    /// <summary>Files up to this size are read in one call and answered from memory (64 KiB).</summary>
    public const int SmallFileLimit = 64 * 1024;

    /// <summary>The file a directory answers with (index.gmi by default).</summary>
    public string IndexFile { get; }

    /// <summary>
    /// How many bytes of small files to keep in memory (16 MiB; 0 turns caching off). A cached
    /// file is served after one lstat shows the same size and modification time, so an edit is
    /// seen at once, unless it keeps the size within one tick of the file system's clock (a few
    /// milliseconds): where files are rewritten that fast, turn the cache off. Links are not cached.
    /// </summary>
    public long CacheSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>File extension (with its dot, lower case) to MIME type; add your own.</summary>
    public IDictionary<string, string> MimeTypes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".gmi"] = "text/gemini",
        [".gemini"] = "text/gemini",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".html"] = "text/html; charset=utf-8",
        [".xml"] = "application/xml",
        [".atom"] = "application/atom+xml",
        [".json"] = "application/json",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".svg"] = "image/svg+xml",
        [".pdf"] = "application/pdf",
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
    };

    /// <summary>For files whose extension is not in <see cref="MimeTypes"/>.</summary>
    public string DefaultMimeType { get; set; } = "application/octet-stream";

    /// <summary>
    /// A directory without its index file is answered with a gemtext listing of its entries
    /// (sorted, directories first, hidden entries and links leading out left out). Off by default.
    /// </summary>
    public bool DirectoryListing { get; init; }

    /// <summary>Added to text/gemini responses as <c>; lang=...</c> (e.g. "en"), unless a .meta rule names one.</summary>
    public string? Language { get; init; }

    /// <summary>Added to text/* responses as <c>; charset=...</c>, replacing the default one, unless a .meta rule names one.</summary>
    public string? Charset { get; init; }

    /// <summary>
    /// Whether a <c>.meta</c> file in a file's directory may override its META (agate's
    /// convention; see docs/static-files.md). On by default; it is read again when it changes.
    /// </summary>
    public bool MetaFiles { get; init; } = true;

    /// <summary>
    /// Serve each <c>.md</c> file at its own name as <c>text/gemini</c>, converted from Markdown
    /// (<see cref="MarkdownConverter"/>; docs/markdown.md) and cached like other small files. Off by default.
    /// </summary>
    public bool ConvertMarkdown { get; init; }

    /// <summary>What a path that names no file answers (a page of your own, a redirect); <c>51</c> when not set.</summary>
    public Func<Request, Response>? NotFound { get; init; }

    /// <summary>Files larger than this many bytes are answered <c>50 File too large</c>; 0 (the default) for no limit.</summary>
    public long MaxFileSize { get; init; }

    /// <summary>Never blocks where the request was read: a cached file is answered there, a file to read moves to the thread pool.</summary>
    bool IGeminiHandler.NeverBlocks => true;

    /// <inheritdoc/>
    public ValueTask<Response> HandleAsync(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            return ValueTask.FromResult(Handle(request, mayRead: true)!);
        }

        // On a socket engine's thread (NeverBlocks, HandlerScheduling): answer what needs no file
        // read here (cached files, redirects, errors); reading a file blocks, so that moves to
        // the thread pool.
        return Handle(request, mayRead: false) is { } response
            ? ValueTask.FromResult(response)
            : ReadOnThreadPoolAsync(request);
    }

    private async ValueTask<Response> ReadOnThreadPoolAsync(Request request)
    {
        await Task.Yield();
        return Handle(request, mayRead: true)!;
    }

    /// <summary>The response; null only when <paramref name="mayRead"/> is false and the file must be read.</summary>
    private Response? Handle(Request request, bool mayRead)
    {
        var relative = request.PathInfo;
        if (!ServedPaths.TrySplit(relative, out var segments))
        {
            return Response.BadRequest("Invalid path");
        }

        if (segments.Any(segment => segment.StartsWith('.')))
        {
            return Missing(request); // hidden files and directories
        }

        var path = Path.GetFullPath(Path.Combine(_root, Path.Combine(segments)));
        if (path != _root && !ServedPaths.IsUnder(_root, path))
        {
            return Response.BadRequest("Invalid path");
        }

        // One lstat (a stat too for a link) answers existence, kind and link-ness.
        var file = new FileInfo(path);
        var attributes = file.Attributes;
        if ((int)attributes != -1 && (attributes & FileAttributes.Directory) != 0)
        {
            if (!relative.EndsWith('/'))
            {
                var target = ServedPaths.LocalPath(request.MountPrefix + relative + "/");
                return Response.RedirectPermanent(request.RawQuery is null ? target : target + "?" + request.RawQuery);
            }

            var directory = path;
            path = Path.Combine(path, IndexFile);
            file = new FileInfo(path);
            attributes = file.Attributes;
            if ((int)attributes == -1 && DirectoryListing && RealPaths.IsInside(RealRoot, directory))
            {
                return ListingPages.Page(directory, request.MountPrefix + relative, RealRoot, Language);
            }
        }
        else if (relative.EndsWith('/'))
        {
            return Missing(request); // a file is not a directory
        }

        if ((int)attributes == -1 || (attributes & FileAttributes.Directory) != 0)
        {
            return Missing(request); // missing, or a directory without its index
        }

        if (MaxFileSize > 0 && file.Length > MaxFileSize)
        {
            return Response.PermanentFailure("File too large");
        }

        var cacheable = CacheSize > 0 && (attributes & FileAttributes.ReparsePoint) == 0;
        if (cacheable && _cache.TryGetValue(path, out var cached) && cached.Length == file.Length && cached.LastWriteUtc == file.LastWriteTimeUtc)
        {
            // Bytes read from inside the served directory (checked below before they were read):
            // whatever the path leads to now, they are not another file's.
            return Response.Success(cached.Bytes, Meta(file));
        }

        if (!RealPaths.IsInside(RealRoot, path))
        {
            // A path that leads out of the served directory through a symbolic link in ANY
            // component (a linked directory too): one readlink a component, so only before a read.
            return Missing(request);
        }

        if (!mayRead)
        {
            return null;
        }

        var mime = Meta(file);

        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Missing(request); // gone since, a broken link, or not readable
        }

        // The checks above looked at the path; a link swapped since could make the open land
        // elsewhere. What counts is what was opened: its descriptor's real path must be inside.
        if (!RealPaths.OpenedInside(handle, RealRoot))
        {
            handle.Dispose();
            return Missing(request);
        }

        // The lstat above gave a regular file's size; a link's is its target's.
        var length = (attributes & FileAttributes.ReparsePoint) == 0 ? file.Length : RandomAccess.GetLength(handle);
        if (MaxFileSize > 0 && length > MaxFileSize)
        {
            handle.Dispose();
            return Response.PermanentFailure("File too large");
        }
        if (ConvertMarkdown && IsMarkdown(file.Name))
        {
            using (handle)
            {
                var page = MarkdownPages.Convert(handle, length);
                if (page is null)
                {
                    return Response.PermanentFailure("Markdown file too large to convert");
                }

                if (cacheable)
                {
                    Remember(path, new CachedFile(page, length, file.LastWriteTimeUtc));
                }

                return Response.Success(page, mime);
            }
        }

        if (length > SmallFileLimit)
        {
            return Response.Success(new FileStream(handle, FileAccess.Read, bufferSize: 1), mime);
        }

        using (handle)
        {
            var bytes = new byte[length];
            var filled = FileContents.Fill(handle, bytes);

            if (filled != bytes.Length)
            {
                return Response.Success(bytes.AsMemory(0, filled), mime); // shrank meanwhile: serve, don't keep
            }

            if (cacheable)
            {
                Remember(path, new CachedFile(bytes, length, file.LastWriteTimeUtc));
            }

            return Response.Success(bytes, mime);
        }
    }

    private void Remember(string path, CachedFile entry)
    {
        var previous = _cache.TryGetValue(path, out var old) ? old.Length : 0;
        if (Interlocked.Add(ref _cachedBytes, entry.Length - previous) > CacheSize)
        {
            // Full: this one is not kept (the files already in memory stay).
            Interlocked.Add(ref _cachedBytes, previous - entry.Length);
            return;
        }

        _cache[path] = entry;
    }

    private Response Missing(Request request) => NotFound?.Invoke(request) ?? Response.NotFound();

    private static bool IsMarkdown(string name) => name.EndsWith(".md", StringComparison.OrdinalIgnoreCase);

    private sealed record CachedFile(byte[] Bytes, long Length, DateTime LastWriteUtc);

    private readonly ConcurrentDictionary<string, MetaFile> _metaFiles = new(StringComparer.Ordinal);

    /// <summary>The META for <paramref name="file"/>: its type by extension, a .meta rule, then the mount's language and charset.</summary>
    private string Meta(FileInfo file)
    {
        var mime = ConvertMarkdown && IsMarkdown(file.Name) ? "text/gemini"
            : MimeTypes.TryGetValue(file.Extension, out var known) ? known : DefaultMimeType;
        if (MetaFiles && file.DirectoryName is { } directory && MetaRule(directory, file.Name) is { } rule)
        {
            // ";lang=de" adds parameters to the type by extension; anything else replaces the META.
            return rule.StartsWith(';') ? mime + rule : rule;
        }

        if (Charset is not null && mime.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            var semicolon = mime.IndexOf(';');
            var type = semicolon < 0 ? mime : mime[..semicolon];
            mime = type + "; charset=" + Charset;
        }

        if (Language is not null && mime.StartsWith("text/gemini", StringComparison.OrdinalIgnoreCase) && !mime.Contains("lang=", StringComparison.OrdinalIgnoreCase))
        {
            mime += "; lang=" + Language;
        }

        return mime;
    }

    private string? MetaRule(string directory, string fileName)
    {
        var path = Path.Combine(directory, ".meta");
        var written = File.GetLastWriteTimeUtc(path); // a year-1601 time when there is none
        if (!_metaFiles.TryGetValue(path, out var meta) || meta.LastWriteUtc != written)
        {
            meta = MetaFile.Read(path, written);
            _metaFiles[path] = meta;
        }

        foreach (var (pattern, value) in meta.Rules)
        {
            if (pattern == "*" || string.Equals(pattern, fileName, StringComparison.Ordinal)
                || (pattern.StartsWith("*.", StringComparison.Ordinal) && fileName.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// The served directory with its own links resolved (an operator may point the mount at a
    /// link), found on first use because the directory may be created after the handler.
    /// </summary>
    private string RealRoot => _realRoot ??= RealPaths.Resolve(_root) ?? _root;
}
