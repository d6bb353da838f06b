using GenGemini.Generators.Scheduling;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GenGemini.Generators.Tests;

/// <summary>[Scheduled] methods: registered from MapGenerated, and a bad schedule or signature fails the build at the attribute.</summary>
public class ScheduleGeneratorTests
{
    private static (System.Collections.Immutable.ImmutableArray<Diagnostic> Diagnostics, Compilation Output, string? Source) Run(string source)
    {
        var compilation = CompilationHarness.Compile(source);
        var driver = CSharpGeneratorDriver.Create([new RouteGenerator().AsSourceGenerator(), new ScheduleGenerator().AsSourceGenerator()], parseOptions: CompilationHarness.ParseOptions);
        var result = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics).GetRunResult();
        return (diagnostics, output, CompilationHarness.Artifact(result, "GenGemini.ScheduledTasks.g.cs"));
    }

    [Fact]
    public void Every_and_cron_tasks_are_registered_with_their_class_made_once()
    {
        var (diagnostics, output, source) = Run("""
            using GenGemini;
            using System.Threading;
            using System.Threading.Tasks;
            public sealed class Counters { }
            public partial class Jobs(Counters counters)
            {
                [Scheduled(Every = "00:00:30")] public void Tick() { }
                [Scheduled(Cron = "0 2 * * *")] public Task CleanUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                [Scheduled(Cron = "*/10 * * * * *", TimeZone = "Europe/Berlin")] public static ValueTask Often() => default;
            }
            """);
        Assert.Empty(diagnostics);
        CompilationHarness.AssertCompiles(output);
        Assert.NotNull(source);
        Assert.Single(source.Split('\n'), l => l.Contains("new global::Jobs(", StringComparison.Ordinal));
        Assert.Contains("\"Jobs.Tick\", global::System.TimeSpan.FromTicks(300000000L)", source, StringComparison.Ordinal);
        Assert.Contains("\"Jobs.CleanUpAsync\", \"0 2 * * *\", null", source, StringComparison.Ordinal);
        Assert.Contains("\"Jobs.Often\", \"*/10 * * * * *\", \"Europe/Berlin\"", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Every = \"soon\"", "Every 'soon' is not a positive TimeSpan")]
    [InlineData("Every = \"-00:00:01\"", "is not a positive TimeSpan")]
    [InlineData("Cron = \"0 2 * *\"", "a cron expression has five fields")]
    [InlineData("Cron = \"0 25 * * *\"", "the hour field '25' is not valid")]
    [InlineData("Cron = \"0 2 * FOO *\"", "the month field 'FOO' is not valid")]
    [InlineData("Every = \"00:01:00\", Cron = \"* * * * *\"", "one of them")]
    [InlineData("", "one of them")]
    [InlineData("Every = \"00:01:00\", TimeZone = \"UTC\"", "TimeZone applies to Cron only")]
    public void A_bad_schedule_fails_the_build_at_the_attribute(string arguments, string message)
    {
        var (diagnostics, _, _) = Run("using GenGemini;\npublic partial class Jobs\n{\n    [Scheduled(" + arguments + ")] public void Tick() { }\n}\n");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("GG0033", diagnostic.Id);
        Assert.Equal(3, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("Jobs.Tick: ", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public int Tick() => 1;")]
    [InlineData("public void Tick(int n) { }")]
    [InlineData("private void Tick() { }")]
    public void A_method_generated_code_cannot_call_fails_the_build(string method)
    {
        var (diagnostics, _, _) = Run("using GenGemini;\npublic partial class Jobs\n{\n    [Scheduled(Every = \"00:01:00\")] " + method + "\n}\n");
        Assert.Equal("GG0034", Assert.Single(diagnostics).Id);
    }
}
