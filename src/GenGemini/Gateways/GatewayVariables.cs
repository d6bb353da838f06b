using System.Collections;
using System.Globalization;
using System.Security.Authentication;
using GenGemini.Internal;

namespace GenGemini.Gateways;

/// <summary>Where gateway variables go: an SCGI header block or a CGI process environment.</summary>
internal interface IVariableSink
{
    /// <summary>Adds a variable; returns false when one of that name is already there.</summary>
    bool Add(string name, string value);

    /// <summary>Adds a number or an address, formatted with the invariant culture (a sink may format it in place).</summary>
    bool Add<T>(string name, T value)
        where T : ISpanFormattable => Add(name, value.ToString(null, CultureInfo.InvariantCulture));
}

/// <summary>The CGI variable set that SCGI backends and CGI scripts receive, in one place.</summary>
internal static class GatewayVariables
{
    public const string ServerSoftware = "GenGemini/0.1.0";

    /// <summary>
    /// 59 when a value this request would hand a gateway cannot travel safely: a NUL ends an SCGI
    /// name or value (and a CGI environment string) early, so one would let a client forge the
    /// variables that follow; other controls would reach a backend's logs and pages. The path and
    /// host are refused such characters when the request line is parsed; what is left is what a
    /// client certificate says. Checked before any backend is contacted; null to go on.
    /// </summary>
    public static Response? Refusal(Request request)
    {
        if (request.ClientCertificate is { } certificate
            && (Protocol.ControlCharacters.Any(certificate.Subject)
                || Protocol.ControlCharacters.Any(certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false))))
        {
            return Response.BadRequest("Client certificate subject contains control characters");
        }

        return Protocol.ControlCharacters.Any(request.PathInfo) || Protocol.ControlCharacters.Any(request.Host)
            ? Response.BadRequest("Control character in request")
            : null;
    }

    public static void Write<TSink>(TSink sink, Request request, AppState? state, GatewayOptions options, string scriptName, string pathInfo)
        where TSink : IVariableSink
    {
        sink.Add("GATEWAY_INTERFACE", "CGI/1.1");
        sink.Add("SERVER_PROTOCOL", "GEMINI");
        sink.Add("SERVER_SOFTWARE", ServerSoftware);
        sink.Add("GEMINI_URL", request.Url);
        sink.Add("SCRIPT_NAME", scriptName);
        sink.Add("PATH_INFO", pathInfo);
        sink.Add("QUERY_STRING", request.RawQuery ?? string.Empty);
        sink.Add("SERVER_NAME", request.Host);
        sink.Add("SERVER_PORT", request.Port);
        var remote = request.RemoteEndPoint;
        if (remote is null)
        {
            sink.Add("REMOTE_ADDR", string.Empty);
            sink.Add("REMOTE_HOST", string.Empty);
        }
        else
        {
            var address = remote.Address.Unmapped();
            sink.Add("REMOTE_ADDR", address);
            sink.Add("REMOTE_HOST", address); // no reverse DNS: the address, as most Gemini servers do
            sink.Add("REMOTE_PORT", remote.Port);
        }

        sink.Add("TLS_CLIENT_HASH", request.ClientCertificateHash ?? string.Empty);
        if (request.ClientPublicKeyHash is { } keyHash)
        {
            sink.Add("TLS_CLIENT_PUBKEY_HASH", keyHash);
        }

        sink.Add("TLS_CLIENT_AUTHORISED", request.HasClientCertificate ? "1" : "0");
        if (request.ClientCertificate is { } certificate)
        {
            sink.Add("AUTH_TYPE", "CERTIFICATE");
            sink.Add("REMOTE_USER", certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false));
            sink.Add("TLS_CLIENT_SUBJECT", certificate.Subject);
            sink.Add("TLS_CLIENT_NOT_BEFORE", IsoUtc(certificate.NotBefore));
            sink.Add("TLS_CLIENT_NOT_AFTER", IsoUtc(certificate.NotAfter));
        }
        else if (request.HasClientCertificate)
        {
            sink.Add("AUTH_TYPE", "CERTIFICATE");
        }

        if (request.TlsProtocol != SslProtocols.None)
        {
            sink.Add("TLS_VERSION", TlsVersionName(request.TlsProtocol));
        }

        if (request.TlsCipher is { } cipher)
        {
            sink.Add("TLS_CIPHER", cipher);
        }

        var keys = options.AppStateKeys;
        for (var i = 0; i < keys.Count; i++) // by index: an interface enumerator would be allocated per request
        {
            var key = keys[i];
            if (state?[key] is { } value && value.IndexOf('\0') < 0)
            {
                sink.Add(options.AppStatePrefix + key.ToUpperInvariant(), value);
            }
        }

        options.VariableSource?.WriteVariables(new GatewayVariableWriter(sink));

        if (options.InheritEnvironment)
        {
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                if (entry.Key is string name && name.Length > 0 && entry.Value is string value && name.IndexOf('\0') < 0 && value.IndexOf('\0') < 0)
                {
                    sink.Add(name, value); // never overrides a variable set above
                }
            }
        }
    }

    private static string IsoUtc(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string TlsVersionName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
