using Microsoft.Extensions.Logging;
using BenchmarkDotNet.Attributes;
using GenGemini.Protocol;

namespace GenGemini.Benchmarks;

/// <summary>
/// Everything GenGemini does per request between the TLS layer's bytes and the response: accept the
/// request line (scan, parse, check the host and port) as the server does, build the Request, run
/// middleware and the generated route, format the header.
/// What it allocates is GenGemini's share of a request's allocations (the rest is sockets and TLS).
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private static readonly byte[] Line = "gemini://localhost/photos/123/edit\r\n"u8.ToArray();
    private readonly byte[] _header = new byte[ResponseHeaderWriter.MaxHeaderBytes];
    private GeminiApp _app = null!;

    [GlobalSetup]
    public void Setup()
    {
        _app = QuietApp();
        _app.Use(static (context, next) => next(context));
        _app.MapGenerated();
    }

    [Benchmark]
    public async Task<int> ParseRouteRespond()
    {
        RequestLineParser.Scan(Line, out var length);
        RequestLineParser.TryParse(Line.AsSpan(0, length), out var uri, out _);
        _app.Application.ServesAuthority(uri!, RequestLineParser.DefaultPort);
        var response = await _app.ProcessAsync(new GeminiExchange(uri!, ConnectionInfo.None).Request);
        return ResponseHeaderWriter.Write(_header, response.Status, response.Meta) + response.Body.Length;
    }

    private static GeminiApp QuietApp()
    {
        var builder = GeminiApp.CreateBuilder([]);
        builder.Logging.ClearProviders();
        return builder.Build();
    }
}
