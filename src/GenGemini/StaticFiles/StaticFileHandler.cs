using System.Collections.Concurrent;
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
public sealed class StaticFileHandler : IMountHandler
{
    private readonly string _root;
    private readonly ConcurrentDictionary<string, CachedFile> _cache = new(StringComparer.Ordinal);
    private long _cachedBytes;
    private string? _realRoot;

    public StaticFileHandler(string directory, string indexFile = "index.gmi")
    {
        _root = Path.GetFullPath(directory);
        IndexFile = indexFile;
    }

    /// <summary>Files up to this size are read in one call and answered from memory (64 KiB).</summary>
    public const int SmallFileLimit = 64 * 1024;

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

    public ValueTask<Response> HandleAsync(GeminiContext context)
    {
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            return ValueTask.FromResult(Handle(context.Request, mayRead: true)!);
        }

        // On a socket engine's thread (GeminiOptions.InlineHandlers): answer what needs no file
        // read here (cached files, redirects, errors); reading a file blocks, so that moves to
        // the thread pool.
        return Handle(context.Request, mayRead: false) is { } response
            ? ValueTask.FromResult(response)
            : ReadOnThreadPoolAsync(context.Request);
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
            return Response.NotFound(); // hidden files and directories
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
                var target = request.MountPrefix + relative + "/";
                return Response.RedirectPermanent(request.RawQuery is null ? target : target + "?" + request.RawQuery);
            }

            path = Path.Combine(path, IndexFile);
            file = new FileInfo(path);
            attributes = file.Attributes;
        }
        else if (relative.EndsWith('/'))
        {
            return Response.NotFound(); // a file is not a directory
        }

        if ((int)attributes == -1 || (attributes & FileAttributes.Directory) != 0 || !RealPaths.IsInside(RealRoot, path))
        {
            // Missing, a directory without its index, or a path that leads out of the served
            // directory through a symbolic link in ANY component (a linked directory too).
            return Response.NotFound();
        }

        var mime = MimeTypes.TryGetValue(file.Extension, out var known) ? known : DefaultMimeType;
        var cacheable = CacheSize > 0 && (attributes & FileAttributes.ReparsePoint) == 0;
        if (cacheable && _cache.TryGetValue(path, out var cached) && cached.Length == file.Length && cached.LastWriteUtc == file.LastWriteTimeUtc)
        {
            return Response.Success(cached.Bytes, mime);
        }

        if (!mayRead)
        {
            return null;
        }

        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Response.NotFound(); // gone since, a broken link, or not readable
        }

        // The lstat above gave a regular file's size; a link's is its target's.
        var length = (attributes & FileAttributes.ReparsePoint) == 0 ? file.Length : RandomAccess.GetLength(handle);
        if (length > SmallFileLimit)
        {
            return Response.Success(new FileStream(handle, FileAccess.Read, bufferSize: 1), mime);
        }

        using (handle)
        {
            var bytes = new byte[length];
            var filled = 0;
            int read;
            while (filled < bytes.Length && (read = RandomAccess.Read(handle, bytes.AsSpan(filled), filled)) > 0)
            {
                filled += read;
            }

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

    private sealed record CachedFile(byte[] Bytes, long Length, DateTime LastWriteUtc);

    /// <summary>
    /// The served directory with its own links resolved (an operator may point the mount at a
    /// link), found on first use because the directory may be created after the handler.
    /// </summary>
    private string RealRoot => _realRoot ??= RealPaths.Resolve(_root) ?? _root;
}
