using BenchmarkDotNet.Attributes;
using GenGemini.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace GenGemini.Benchmarks;

/// <summary>
/// Everything GenGemini does per request between the TLS layer's bytes and the response: parse the
/// request line, build the Request, run middleware and the generated route, format the header.
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
        _app = GeminiApp.Create([], o => o.LoggerFactory = NullLoggerFactory.Instance);
        _app.Use(static (context, next) => next(context));
        _app.MapGenerated();
    }

    [Benchmark]
    public async Task<int> ParseRouteRespond()
    {
        RequestLineParser.Scan(Line, out var length);
        RequestLineParser.TryParse(Line.AsSpan(0, length), out var uri, out _);
        var response = await _app.ProcessAsync(new Request(uri!, ConnectionInfo.None));
        return ResponseHeaderWriter.Write(_header, response.Status, response.Meta) + response.Body.Length;
    }
}
