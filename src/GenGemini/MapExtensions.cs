using GenGemini.Cgi;
using GenGemini.Relay;
using GenGemini.Scgi;
using GenGemini.StaticFiles;

namespace GenGemini;

/// <summary>
/// The built-in handlers mounted in one line: <c>app.MapScgi(...)</c>, <c>app.MapCgi(...)</c>,
/// <c>app.MapStaticFiles(...)</c>. Each is <see cref="GeminiApp.Mount"/> with a new handler, and
/// returns the app, as <c>Mount</c> does.
/// </summary>
public static class MapExtensions
{
    /// <summary>
    /// Proxies <paramref name="prefix"/> to one SCGI backend: give <paramref name="host"/> and
    /// <paramref name="port"/>, or <paramref name="socketPath"/>.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="prefix">The mount prefix ("/app" takes "/app" and everything below it).</param>
    /// <param name="host">The backend's TCP host.</param>
    /// <param name="port">The backend's TCP port.</param>
    /// <param name="socketPath">The backend's Unix socket.</param>
    /// <param name="options">Time-outs, sizes and variables; the defaults when null.</param>
    /// <returns>The app.</returns>
    /// <exception cref="ArgumentException">Both or neither endpoint kinds, or half a TCP endpoint.</exception>
    public static GeminiApp MapScgi(this GeminiApp app, string prefix, string? host = null, int? port = null, string? socketPath = null, ScgiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Mount(prefix, new ScgiHandler(ScgiEndpoint.From(host, port, socketPath), options));
    }

    /// <summary>Proxies <paramref name="prefix"/> to several SCGI backends, round robin.</summary>
    /// <param name="app">The app.</param>
    /// <param name="prefix">The mount prefix.</param>
    /// <param name="backends">The backends, tried in turn.</param>
    /// <param name="options">Time-outs, sizes and variables; the defaults when null.</param>
    /// <returns>The app.</returns>
    public static GeminiApp MapScgi(this GeminiApp app, string prefix, IReadOnlyList<ScgiEndpoint> backends, ScgiOptions? options)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Mount(prefix, new ScgiHandler(backends, options));
    }

    /// <summary>Runs the scripts in <paramref name="scriptDirectory"/> under <paramref name="prefix"/>, one process per request.</summary>
    /// <param name="app">The app.</param>
    /// <param name="prefix">The mount prefix ("/cgi-bin").</param>
    /// <param name="scriptDirectory">The directory of executable scripts.</param>
    /// <param name="options">Time-outs, sizes and variables; the defaults when null.</param>
    /// <returns>The app.</returns>
    public static GeminiApp MapCgi(this GeminiApp app, string prefix, string scriptDirectory, CgiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Mount(prefix, new CgiHandler(scriptDirectory, options));
    }

    /// <summary>
    /// Serves the files under <paramref name="root"/> at <paramref name="prefix"/>. For listings,
    /// language or charset, mount a <see cref="StaticFileHandler"/> with those set.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="prefix">The mount prefix ("/" for the whole capsule).</param>
    /// <param name="root">The directory served.</param>
    /// <returns>The app.</returns>
    public static GeminiApp MapStaticFiles(this GeminiApp app, string prefix, string root)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Mount(prefix, new StaticFileHandler(root));
    }

    /// <summary>
    /// Relays <paramref name="prefix"/> to another Gemini server: <c>/old/page</c> becomes
    /// <paramref name="backendUrl"/> + <c>page</c>, answered from the backend (a failure is 43).
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="prefix">The mount prefix.</param>
    /// <param name="backendUrl">The backend's base URL, such as <c>gemini://127.0.0.1:1966/</c>.</param>
    /// <param name="options">The time-out and the certificate to trust; the defaults (trust on first use) when null.</param>
    /// <returns>The app.</returns>
    public static GeminiApp MapGeminiRelay(this GeminiApp app, string prefix, string backendUrl, GeminiRelayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Mount(prefix, new GeminiRelayHandler(backendUrl, options));
    }

    /// <inheritdoc cref="MapGeminiRelay"/>
    [Obsolete("Use MapGeminiRelay: \"proxy\" named three things (the relay, the PROXY protocol, statuses 43/53). This name goes in 1.1.")]
    public static GeminiApp MapGeminiProxy(this GeminiApp app, string prefix, string backendUrl, GeminiRelayOptions? options = null) =>
        MapGeminiRelay(app, prefix, backendUrl, options);

    /// <summary>
    /// Mounts <paramref name="handler"/> under <paramref name="prefix"/> (as <see cref="GeminiApp.Mount"/>);
    /// with <paramref name="crawl"/> false, the generated <c>/robots.txt</c> lists the prefix as <c>Disallow</c>.
    /// </summary>
    public static GeminiApp Mount(this GeminiApp app, string prefix, IGeminiHandler handler, bool crawl)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Mount(prefix, handler);
        if (!crawl)
        {
            app.NotCrawled(prefix);
        }

        return app;
    }
}
