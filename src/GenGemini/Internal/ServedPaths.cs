namespace GenGemini.Internal;

/// <summary>The path rules every handler that maps request paths to files (CGI, static files) obeys.</summary>
internal static class ServedPaths
{
    /// <summary>
    /// Splits a decoded path into its segments; false when one of them tries to climb (".", "..")
    /// or smuggles a separator or NUL, which the caller answers with 59.
    /// </summary>
    public static bool TrySplit(string path, out string[] segments)
    {
        segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            if (segment is "." or ".." || segment.Contains('\\') || segment.Contains('\0'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the full path <paramref name="path"/> lies inside the directory <paramref name="root"/>.</summary>
    public static bool IsUnder(string root, string path) =>
        Path.EndsInDirectorySeparator(root)
            ? path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) // "/" itself
            : path.Length > root.Length + 1 && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == Path.DirectorySeparatorChar;

    /// <summary>
    /// A path of this server for a redirect: one leading slash, never two (<c>//evil.example/</c>
    /// would be a protocol-relative URL, a redirect to another host).
    /// </summary>
    public static string LocalPath(string path) => "/" + path.TrimStart('/');
}
