using GenGemini.Scgi;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Scgi;

/// <summary>
/// The seed document's scenario end to end over real TLS: a regular route and an SCGI mount side
/// by side, against backends no one here wrote (Perl's SCGI module, uWSGI), over TCP and Unix sockets.
/// </summary>
public class ScgiBackendTests
{
    public static TheoryData<string, bool> Backends => new()
    {
        { "perl", false },
        { "perl", true },
        { "uwsgi", false },
        { "uwsgi", true },
    };

    private static Task<BackendProcess> StartAsync(string kind, bool unix) =>
        kind == "perl" ? BackendProcess.StartPerlAsync(unix) : BackendProcess.StartUwsgiAsync(unix);

    private static Task<RunningApp> ServeAsync(BackendProcess backend) => RunningApp.StartAsync(app =>
    {
        app.State["db_url"] = "postgres://localhost/mydb";
        app.Map("/", _ => "# Home\n=> /api/ API (SCGI backend)\n");
        var options = new ScgiOptions { AppStateKeys = { "db_url" } };
        if (backend.SocketPath is { } path)
        {
            app.MapScgi("/api", socketPath: path, options: options);
        }
        else
        {
            app.MapScgi("/api", host: "127.0.0.1", port: backend.Port, options: options);
        }
    });

    private static Dictionary<string, string> Variables(string body) => body
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split('=', 2))
        .ToDictionary(kv => kv[0], kv => kv[1]);

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Regular_route_and_proxied_route_side_by_side(string kind, bool unix)
    {
        await using var backend = await StartAsync(kind, unix);
        await using var server = await ServeAsync(backend);

        var home = await OpenSslClient.GetAsync(server.Port, server.Url("/"));
        var proxied = await OpenSslClient.GetAsync(server.Port, server.Url("/api/hello?name=x%20y"));

        Assert.Equal("20 text/gemini\r\n# Home\n=> /api/ API (SCGI backend)\n", home.Text);
        var expectedBody = kind == "perl"
            ? "# Hello from Perl SCGI\n\nPath: /hello\nQuery: name=x%20y\n"
            : "# Hello from SCGI!\n\nPath: /hello\nQuery: name=x%20y\n";
        Assert.Equal("20 text/gemini\r\n" + expectedBody, proxied.Text);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Backend_receives_the_gateway_variables(string kind, bool unix)
    {
        using var dir = new TempDirectory();
        var (cert, key) = await OpenSslClient.MakeClientCertificateAsync(dir.Path);
        var fingerprint = await OpenSslClient.RunAsync(["x509", "-in", cert, "-noout", "-fingerprint", "-sha256"]);
        var hash = fingerprint.Text.Trim().Split('=')[1].Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        await using var backend = await StartAsync(kind, unix);
        await using var server = await ServeAsync(backend);

        var response = await OpenSslClient.GetAsync(server.Port, server.Url("/api/env?a=1&b=%2F"), "-cert", cert, "-key", key);

        Assert.StartsWith("20 text/plain\r\n", response.Text);
        var env = Variables(response.Text["20 text/plain\r\n".Length..]);
        Assert.Equal("0", env["CONTENT_LENGTH"]);
        Assert.Equal("1", env["SCGI"]);
        Assert.Equal("CGI/1.1", env["GATEWAY_INTERFACE"]);
        Assert.Equal("GEMINI", env["SERVER_PROTOCOL"]);
        Assert.StartsWith("GenGemini/", env["SERVER_SOFTWARE"]);
        Assert.Equal("/api", env["SCRIPT_NAME"]);
        Assert.Equal("/env", env["PATH_INFO"]);
        Assert.Equal("a=1&b=%2F", env["QUERY_STRING"]);
        Assert.Equal("localhost", env["SERVER_NAME"]);
        Assert.Equal(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), env["SERVER_PORT"]);
        Assert.Equal("127.0.0.1", env["REMOTE_ADDR"]);
        Assert.Equal(server.Url("/api/env?a=1&b=%2F"), env["GEMINI_URL"]);
        Assert.Equal(hash, env["TLS_CLIENT_HASH"]);
        Assert.Equal("1", env["TLS_CLIENT_AUTHORISED"]);
        Assert.Equal("CERTIFICATE", env["AUTH_TYPE"]);
        Assert.Equal("test-client", env["REMOTE_USER"]);
        Assert.Equal("CN=test-client", env["TLS_CLIENT_SUBJECT"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", env["TLS_CLIENT_NOT_AFTER"]);
        Assert.Equal("TLSv1.3", env["TLS_VERSION"]);
        Assert.StartsWith("TLS_", env["TLS_CIPHER"]);
        Assert.Equal("postgres://localhost/mydb", env["GENGEMINI_DB_URL"]);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Binary_bodies_and_error_statuses_pass_through(string kind, bool unix)
    {
        await using var backend = await StartAsync(kind, unix);
        await using var server = await ServeAsync(backend);

        var binary = await OpenSslClient.GetAsync(server.Port, server.Url("/api/binary"));
        var notFound = await OpenSslClient.GetAsync(server.Port, server.Url("/api/status/51"));

        var header = "20 application/octet-stream\r\n"u8.ToArray();
        Assert.Equal(header.Concat(Enumerable.Range(0, 256).Select(i => (byte)i)).ToArray(), binary.Stdout);
        Assert.Equal(kind == "perl" ? "51 Status from Perl\r\n" : "51 Status from WSGI\r\n", notFound.Text);
    }
}
