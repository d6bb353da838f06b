using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GenGemini.Gateways;
using GenGemini.Protocol;
using GenGemini.Scgi;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Scgi;

/// <summary>The variables a backend (SCGI or CGI) is given, and what is refused before any backend is asked.</summary>
public sealed class GatewayVariablesTests
{
    private sealed class Sink : IVariableSink
    {
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public bool Add(string name, string value) => Values.TryAdd(name, value);
    }

    private static X509Certificate2 Certificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var made = new CertificateRequest(subject, key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero));
        return X509CertificateLoader.LoadCertificate(made.RawData);
    }

    private static Request Request(string url, ConnectionInfo connection)
    {
        Assert.True(RequestLineParser.TryParse(System.Text.Encoding.UTF8.GetBytes(url), out var uri, out _));
        return new GeminiExchange(uri!, connection).Request;
    }

    private static Dictionary<string, string> Variables(Request request, GatewayOptions? options = null, AppState? state = null)
    {
        var sink = new Sink();
        GatewayVariables.Write(sink, request, state, options ?? new ScgiOptions(), "/app", "/rest");
        return sink.Values;
    }

    [Fact]
    public void A_client_certificate_gives_its_name_subject_dates_and_hashes()
    {
        var certificate = Certificate("CN=alice, O=Example");
        var request = Request("gemini://example.org/app/rest?x=1", new ConnectionInfo(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.9"), 4242), certificate, SslProtocols.Tls12, "ECDHE-ECDSA-AES256-GCM-SHA384"));

        var v = Variables(request);

        Assert.Equal("CERTIFICATE", v["AUTH_TYPE"]);
        Assert.Equal("alice", v["REMOTE_USER"]);
        Assert.Equal(certificate.Subject, v["TLS_CLIENT_SUBJECT"]);
        Assert.Equal("2026-01-02T03:04:05Z", v["TLS_CLIENT_NOT_BEFORE"]);
        Assert.Equal("2027-01-02T03:04:05Z", v["TLS_CLIENT_NOT_AFTER"]);
        Assert.Equal(request.ClientCertificateHash, v["TLS_CLIENT_HASH"]);
        Assert.Equal(request.ClientPublicKeyHash, v["TLS_CLIENT_PUBKEY_HASH"]);
        Assert.Equal("1", v["TLS_CLIENT_AUTHORISED"]);
        Assert.Equal("TLSv1.2", v["TLS_VERSION"]);
        Assert.Equal("ECDHE-ECDSA-AES256-GCM-SHA384", v["TLS_CIPHER"]);
        Assert.Equal(("192.0.2.9", "192.0.2.9", "4242"), (v["REMOTE_ADDR"], v["REMOTE_HOST"], v["REMOTE_PORT"])); // unmapped
        Assert.Equal(("/app", "/rest", "x=1"), (v["SCRIPT_NAME"], v["PATH_INFO"], v["QUERY_STRING"]));
    }

    [Fact]
    public void Without_an_address_or_TLS_the_variables_are_empty_and_absent_ones_are_not_invented()
    {
        var v = Variables(Request("gemini://example.org/", ConnectionInfo.None));

        Assert.Equal(("", ""), (v["REMOTE_ADDR"], v["REMOTE_HOST"]));
        Assert.False(v.ContainsKey("REMOTE_PORT"));
        Assert.False(v.ContainsKey("TLS_VERSION"));
        Assert.False(v.ContainsKey("TLS_CIPHER"));
        Assert.False(v.ContainsKey("AUTH_TYPE"));
        Assert.False(v.ContainsKey("TLS_CLIENT_PUBKEY_HASH"));
        Assert.Equal(("", "0", ""), (v["TLS_CLIENT_HASH"], v["TLS_CLIENT_AUTHORISED"], v["QUERY_STRING"]));
    }

    [Fact]
    public void An_identity_without_a_certificate_object_is_authorised_without_a_name()
    {
        var v = Variables(Request("gemini://example.org/", new ConnectionInfo("ab12")));

        Assert.Equal(("CERTIFICATE", "1", "ab12"), (v["AUTH_TYPE"], v["TLS_CLIENT_AUTHORISED"], v["TLS_CLIENT_HASH"]));
        Assert.False(v.ContainsKey("REMOTE_USER"));
        Assert.Equal("TLSv1.3", v["TLS_VERSION"]);
    }

    [Fact]
    public void App_state_is_passed_upper_cased_under_its_prefix_unless_it_holds_a_NUL()
    {
        var app = TestApps.Create();
        app.State["db_url"] = "postgres://db";
        app.State["bad"] = "a\0b";
        var options = new ScgiOptions { AppStateKeys = { "db_url", "bad", "missing" }, AppStatePrefix = "APP_" };

        var v = Variables(Request("gemini://example.org/", ConnectionInfo.None), options, app.State);

        Assert.Equal("postgres://db", v["APP_DB_URL"]);
        Assert.False(v.ContainsKey("APP_BAD"));
        Assert.False(v.ContainsKey("APP_MISSING"));
    }

    [Fact]
    public void Control_characters_in_a_certificate_name_the_path_or_the_host_are_59_before_any_backend()
    {
        var clean = Request("gemini://example.org/a", new ConnectionInfo(null, Certificate("CN=bob"), SslProtocols.Tls13, null));
        Assert.Null(GatewayVariables.Refusal(clean));

        var badName = Request("gemini://example.org/a", new ConnectionInfo(null, Certificate("CN=bo\u0007b"), SslProtocols.Tls13, null));
        Assert.Equal((StatusCode.BadRequest, "Client certificate subject contains control characters"), (GatewayVariables.Refusal(badName)!.Status, GatewayVariables.Refusal(badName)!.Meta));

        var badOrganisation = Request("gemini://example.org/a", new ConnectionInfo(null, Certificate("CN=bob, O=ev\u001bil"), SslProtocols.Tls13, null));
        Assert.Equal(StatusCode.BadRequest, GatewayVariables.Refusal(badOrganisation)!.Status);

        var exchange = new GeminiExchange(clean.Uri, ConnectionInfo.None) { PathInfo = "/a\u0085b" };
        Assert.Equal("Control character in request", GatewayVariables.Refusal(exchange.Request)!.Meta);
    }
}
