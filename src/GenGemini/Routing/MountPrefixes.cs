using GenGemini.Protocol;

namespace GenGemini.Routing;

/// <summary>
/// The one rule for a mount prefix, wherever it comes from (<c>Mount</c>, <c>Map*</c>, a host's
/// mounts in configuration): it starts with '/', is normalised as request paths are (so
/// "/files//private" and "/files/./private" are "/files/private", the path requests will carry),
/// and loses its trailing slash ("/" is ""). Null, with the reason, when it cannot be one.
/// </summary>
internal static class MountPrefixes
{
    public static string? Normalize(string? prefix, out string? problem)
    {
        problem = null;
        if (prefix is null || !prefix.StartsWith('/'))
        {
            problem = "a mount prefix starts with '/'";
            return null;
        }

        if (!RequestPaths.TryNormalize(prefix, out _, out var path, out var pathProblem))
        {
            problem = "a mount prefix must be a path a request can carry (" + pathProblem + ")";
            return null;
        }

        return path.TrimEnd('/');
    }
}
