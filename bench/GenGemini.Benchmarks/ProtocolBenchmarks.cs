using System.Net;
using System.Security.Authentication;
using BenchmarkDotNet.Attributes;
using GenGemini.Application;
using GenGemini.Gateways;
using GenGemini.Protocol;
using GenGemini.Scgi;
using Microsoft.Extensions.Logging;

namespace GenGemini.Benchmarks;

/// <summary>The per-request protocol work besides TLS: request line, SCGI request, backend header.</summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private static readonly byte[] RequestLine = "gemini://example.org/blog/2024/hello-world?ref=feed\r\n"u8.ToArray();
    private static readonly byte[] RawHeader = "20 text/gemini; lang=en\r\n# Hello\n"u8.ToArray();
    private static readonly byte[] CgiHeader = "Status: 20 text/gemini\r\nX-Powered-By: uWSGI\r\n\r\n# Hello\n"u8.ToArray();
    private Request _request = null!;
    private AppState _state = null!;
    private readonly ScgiOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        var app = QuietApp();
        RequestLineParser.TryParse(RequestLine.AsSpan(0, RequestLine.Length - 2), out var uri, out _);
        var connection = new ConnectionInfo(new IPEndPoint(IPAddress.Loopback, 50123), null, SslProtocols.Tls13, "TLS_AES_256_GCM_SHA384");
        var request = new GeminiExchange(uri!, connection) { MountPrefix = "/blog", PathInfo = "/2024/hello-world" }.Request;
        _request = request;
        _state = app.State;
    }

    [Benchmark]
    public GeminiUri? ParseRequestLine()
    {
        RequestLineParser.Scan(RequestLine, out var length);
        RequestLineParser.TryParse(RequestLine.AsSpan(0, length), out var uri, out _);
        return uri;
    }

    [Benchmark]
    public int BuildScgiRequest()
    {
        using var builder = new ScgiHeaderBuilder();
        GatewayVariables.Write(builder, _request, _state, _options, "/blog", "/2024/hello-world");
        return builder.Finish().Length;
    }

    [Benchmark]
    public int ParseRawBackendHeader()
    {
        BackendResponseParser.TryParse(RawHeader, out var header);
        return header.HeaderLength;
    }

    [Benchmark]
    public int ParseCgiBackendHeader()
    {
        BackendResponseParser.TryParse(CgiHeader, out var header);
        return header.HeaderLength;
    }

    [Benchmark]
    public int EncodeNetstring()
    {
        Span<byte> destination = stackalloc byte[64];
        return Netstring.Write("CONTENT_LENGTH\u00000\u0000SCGI\u00001\u0000"u8, destination);
    }

    private static GeminiApp QuietApp()
    {
        var builder = GeminiApp.CreateBuilder([]);
        builder.Logging.ClearProviders();
        return builder.Build();
    }
}
