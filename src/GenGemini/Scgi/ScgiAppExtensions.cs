using GenGemini.Scgi;

namespace GenGemini;

/// <summary><c>app.Scgi(...)</c>: mount an SCGI backend in one line.</summary>
public static class ScgiAppExtensions
{
    /// <summary>
    /// Proxies <paramref name="prefix"/> to one backend: give <paramref name="host"/> and
    /// <paramref name="port"/>, or <paramref name="socketPath"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Both or neither endpoint kinds, or half a TCP endpoint.</exception>
    public static ScgiHandler Scgi(this GeminiApp app, string prefix, string? host = null, int? port = null, string? socketPath = null, ScgiOptions? options = null)
    {
        var handler = new ScgiHandler(ScgiEndpoint.From(host, port, socketPath), options);
        app.Mount(prefix, handler);
        return handler;
    }

    /// <summary>Proxies <paramref name="prefix"/> to several backends, round robin.</summary>
    public static ScgiHandler Scgi(this GeminiApp app, string prefix, IReadOnlyList<ScgiEndpoint> backends, ScgiOptions? options = null)
    {
        var handler = new ScgiHandler(backends, options);
        app.Mount(prefix, handler);
        return handler;
    }
}
