using GenGemini.Generators.Rules;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GenGemini.Analyzers.Tests;

/// <summary>
/// Every problem the shared builders can find has a descriptor (in an analyzer's supported list,
/// so it has a doc page: see CatalogTests) and fires on an example. A new ProblemKind without an
/// example here fails by name.
/// </summary>
public class ProblemCatalogTests
{
    private static readonly Dictionary<ProblemKind, string> Examples = new()
    {
        [ProblemKind.InvalidTemplate] = Route("""[Gemini("a//b")] public string A() => "";"""),
        [ProblemKind.InvalidParameterName] = Route("""[Gemini("{1x}")] public string A() => "";"""),
        [ProblemKind.UnknownConstraint] = Route("""[Gemini("{id:number}")] public string A(string id) => "";"""),
        [ProblemKind.DuplicateParameter] = Route("""[Gemini("{id}/{id}")] public string A(string id) => "";"""),
        [ProblemKind.CatchAllNotLast] = Route("""[Gemini("{*rest}/x")] public string A(string rest) => "";"""),
        [ProblemKind.OptionalNotLast] = Route("""[Gemini("{page?}/x")] public string A(string? page) => "";"""),
        [ProblemKind.IncompatibleConstraint] = Route("""[Gemini("{id:int}")] public string A(Guid id) => "";"""),
        [ProblemKind.UnboundTemplateParameter] = Route("""[Gemini("{id}")] public string A() => "";"""),
        [ProblemKind.UnboundMethodParameter] = Route("""[Gemini("x")] public string A(int nothing) => "";"""),
        [ProblemKind.UnsupportedReturnType] = Route("""[Gemini("x")] public int A() => 1;"""),
        [ProblemKind.AsyncVoidHandler] = Route("""[Gemini("x")] public async void A() => await Task.Yield();"""),
        [ProblemKind.NotPartial] = """
            using GenGemini;
            public class Capsule { [Gemini("/x")] public string A() => ""; }
            """,
        [ProblemKind.ScgiEndpoint] = Scgi("""Scgi("/api")"""),
        [ProblemKind.ScgiPort] = Scgi("""Scgi("/api", Host = "h", Port = 0)"""),
        [ProblemKind.ScgiEmptyHost] = Scgi("""Scgi("/api", Host = " ", Port = 4000)"""),
        [ProblemKind.ScgiTimeout] = Scgi("""Scgi("/api", Socket = "/s", Timeout = 0)"""),
        [ProblemKind.ScgiMaxResponseSize] = Scgi("""Scgi("/api", Socket = "/s", MaxResponseSize = -1)"""),
        [ProblemKind.ScgiPrefix] = Scgi("""Scgi("api", Socket = "/s")"""),
        [ProblemKind.InaccessibleHandler] = Route("""[Gemini("x")] private string A() => "";"""),
        [ProblemKind.UnsupportedVariableType] = """
            using GenGemini;
            [Scgi("/api", Socket = "/s")]
            public partial class Api { [ScgiVariable] public System.Uri Where => new("gemini://x"); }
            """,
        [ProblemKind.AmbiguousConstructor] = """
            using GenGemini;
            public partial class Capsule
            {
                public Capsule() { }
                public Capsule(string name) { }
                [Gemini("/x")] public string A() => "";
            }
            """,
        [ProblemKind.UnknownRateLimitPolicy] = Route("""[Gemini("x"), RateLimit("nowhere")] public string A() => "";"""),
        [ProblemKind.UnknownCertificatePolicy] = Route("""[Gemini("x"), RequireCertificate(Policy = "nobody")] public string A() => "";"""),
        [ProblemKind.ScgiBufferSize] = Scgi("""Scgi("/api", Socket = "/s", BufferSize = 100)"""),
    };

    // By name: ProblemKind is internal to the analyzers, and a theory's parameters are public.
    public static TheoryData<string> Kinds() => [.. Enum.GetNames<ProblemKind>()];

    private static string Route(string member) => AnalyzerHarness.Route(member);

    private static string Scgi(string attribute) => $$"""
        using GenGemini;
        [{{attribute}}]
        public partial class Api;
        """;

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_problem_has_a_supported_descriptor_and_fires(string name)
    {
        var kind = Enum.Parse<ProblemKind>(name);
        var descriptor = DiagnosticDescriptors.For(kind);
        DiagnosticAnalyzer[] analyzers = [new RouteAnalyzer(), new ScgiAnalyzer(), new BlockingHandlerAnalyzer()];
        Assert.Contains(analyzers.SelectMany(a => a.SupportedDiagnostics), d => d.Id == descriptor.Id);

        Assert.True(Examples.TryGetValue(kind, out var source), $"no example fires {kind}: add one");
        var diagnostics = await AnalyzerHarness.DiagnoseAsync(source);
        Assert.Contains(diagnostics, d => d.Id == descriptor.Id);
    }
}
