
namespace GenGemini.Internal;

/// <summary>
/// Where a path really leads once every symbolic link in it is followed, as realpath(3) does:
/// checking only the last component misses a linked directory earlier in the path.
/// </summary>
internal static class RealPaths
{
    // The kernel's own limit on links followed in one lookup (MAXSYMLINKS).
    private const int MaxLinks = 40;

    /// <summary>The path with every link resolved, or null for a loop of links.</summary>
    public static string? Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var pending = new Stack<string>(Components(full[root.Length..]).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var component))
        {
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Path.Combine(root, Path.Combine([.. resolved, component]));
            // Assigned, then tested: a pattern variable here would leave mutation testing unable
            // to change anything in this method (its mutants do not compile).
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved.Add(component); // not a link (or not there: nothing further to follow)
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                root = Path.GetPathRoot(target) ?? root;
                resolved.Clear();
                target = target[root.Length..];
            }

            foreach (var part in Components(target).Reverse())
            {
                pending.Push(part);
            }
        }

        return Path.Combine(root, Path.Combine([.. resolved]));
    }

    /// <summary>Whether <paramref name="path"/>, links followed, is <paramref name="realRoot"/> or inside it.</summary>
    public static bool IsInside(string realRoot, string path) =>
        Resolve(path) is { } real && (real == realRoot || ServedPaths.IsUnder(realRoot, real));

    /// <summary>
    /// Whether the file <paramref name="handle"/> opened is <paramref name="realRoot"/> or inside it,
    /// judged by the descriptor's own path (/proc/self/fd), which no later swap of a link changes.
    /// Where the system has no such path (not Linux), the check made before the open stands.
    /// </summary>
    public static bool OpenedInside(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string realRoot)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        string? opened;
        try
        {
            opened = new FileInfo("/proc/self/fd/" + handle.DangerousGetHandle().ToString(System.Globalization.CultureInfo.InvariantCulture)).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return opened is not null && (opened == realRoot || ServedPaths.IsUnder(realRoot, opened));
    }

    private static string[] Components(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
