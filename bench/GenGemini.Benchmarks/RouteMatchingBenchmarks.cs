using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using GenGemini.Generated;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GenGemini.Benchmarks;

/// <summary>
/// One 60-route table matched three ways: the generated matcher (as the server runs it: split
/// the raw path, then Match), ASP.NET Core's endpoint routing through its public API
/// (UseRouting, then read the endpoint), and a first-match list of compiled Regex (how Python
/// frameworks such as Xitzin route).
/// </summary>
[MemoryDiagnoser]
public class RouteMatchingBenchmarks
{
    private GeneratedRouteTable _generated = null!;
    private RequestDelegate _aspNet = null!;
    private DefaultHttpContext _context = null!;
    private Regex[] _regexes = null!;

    [Params("/music/index", "/photos/123/edit", "/docs/files/a/b/c.txt", "/nowhere/at/all")]
    public string Path { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _generated = new GeneratedRouteTable();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        foreach (var template in BenchRoutes.Templates)
        {
            app.MapGet(template, () => "x");
        }

        var pipeline = (IApplicationBuilder)app;
        pipeline.UseRouting();
        pipeline.Run(static _ => Task.CompletedTask); // matching only: the endpoint is not executed
        _aspNet = pipeline.Build();
        _context = new DefaultHttpContext { RequestServices = app.Services };
        _context.Request.Method = "GET";

        _regexes = BenchRoutes.Templates.Select(ToRegex).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int Generated()
    {
        Span<Range> ranges = stackalloc Range[RouteSegments.MaxSegments];
        var count = RouteSegments.Split(Path, ranges, out var decoded);
        return _generated.Match(new RouteSegments(decoded ?? Path, ranges[..count]));
    }

    [Benchmark]
    public Endpoint? AspNetCore()
    {
        _context.SetEndpoint(null);
        _context.Request.RouteValues.Clear();
        _context.Request.Path = Path;
        _aspNet(_context).GetAwaiter().GetResult();
        return _context.GetEndpoint();
    }

    [Benchmark]
    public int RegexFirstMatch()
    {
        for (var i = 0; i < _regexes.Length; i++)
        {
            if (_regexes[i].IsMatch(Path))
            {
                return i;
            }
        }

        return -1;
    }

    private static Regex ToRegex(string template)
    {
        var pattern = Regex.Replace(template, @"\{\*\w+\}", "(?<rest>.*)");
        pattern = Regex.Replace(pattern, @"\{(\w+):int\}", "(?<$1>-?[0-9]+)");
        pattern = Regex.Replace(pattern, @"\{(\w+)\}", "(?<$1>[^/]+)");
        return new Regex("^" + pattern + "$", RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    }
}
