using static GenGemini.Analyzers.Tests.AnalyzerHarness;

namespace GenGemini.Analyzers.Tests;

/// <summary>GG0027: a synchronous handler runs where its request was read, so a blocking call there is flagged at the call.</summary>
public class BlockingHandlerAnalyzerTests
{
    [Theory]
    [InlineData("""[Gemini("/news")] public string M() => System.IO.File.ReadAllText("news.gmi");""", """System.IO.File.ReadAllText("news.gmi")""")]
    [InlineData("""[Gemini("/slow")] public Response M() { Thread.Sleep(100); return Response.Success("late"); }""", "Thread.Sleep(100)")]
    [InlineData("""[Gemini("/r")] public string M() => Task.FromResult("x").Result;""", """Task.FromResult("x").Result""")]
    [InlineData("""[Gemini("/g")] public string M() => Task.FromResult("x").GetAwaiter().GetResult();""", """Task.FromResult("x").GetAwaiter().GetResult()""")]
    [InlineData("""[Input("/ask")] public string M(string query) { Task.Delay(5).Wait(); return query; }""", "Task.Delay(5).Wait()")]
    public async Task A_blocking_call_in_a_synchronous_handler_is_reported_at_the_call(string member, string call)
    {
        var diagnostic = await AssertSingleAsync(Route(member), "GG0027", call);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'M'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("""[Gemini("/news")] public async Task<string> M() => await System.IO.File.ReadAllTextAsync("news.gmi");""")] // async: starts on the thread pool
    [InlineData("""[Gemini("/news")] public Task<string> M() => Task.Run(() => System.IO.File.ReadAllText("news.gmi"));""")] // not synchronous, and deferred
    [InlineData("""[Gemini("/later")] public string M() { Func<string> read = () => System.IO.File.ReadAllText("x"); return "ok"; }""")] // a lambda: may run elsewhere
    [InlineData("""public string NotARoute() => System.IO.File.ReadAllText("x");""")]
    [InlineData("""[Gemini("/fine")] public string M() => System.IO.Path.Combine("a", "b") + Task.CompletedTask.IsCompleted;""")]
    public async Task Asynchronous_handlers_deferred_code_and_other_methods_are_not_reported(string member) =>
        await AssertNoneAsync(Route(member));
}
