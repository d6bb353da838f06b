using static GenGemini.Analyzers.Tests.AnalyzerHarness;

namespace GenGemini.Analyzers.Tests;

public class ScgiAnalyzerTests
{
    private static string Binding(string arguments, string body = ";") => $$"""
        using GenGemini;

        [Scgi({{arguments}})]
        public partial class Api{{body}}
        """;

    [Theory]
    [InlineData("""Scgi("/api", Host = "h", Port = 1, Socket = "/s")""")]
    [InlineData("""Scgi("/api")""")]
    [InlineData("""Scgi("/api", Host = "h")""")]
    [InlineData("""Scgi("/api", Port = 4000)""")]
    public async Task GG0014_endpoint_both_neither_or_half(string attribute) =>
        await AssertSingleAsync(Binding(attribute[5..^1]), "GG0014", attribute);

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    public async Task GG0015_port_out_of_range(string port) =>
        await AssertSingleAsync(Binding($"\"/api\", Host = \"h\", Port = {port}"), "GG0015", port);

    [Fact]
    public async Task GG0016_empty_host() =>
        await AssertSingleAsync(Binding("\"/api\", Host = \"\", Port = 4000"), "GG0016", "\"\"");

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task GG0017_timeout_not_positive(string timeout) =>
        await AssertSingleAsync(Binding($"\"/api\", Socket = \"/s\", Timeout = {timeout}"), "GG0017", timeout);

    [Fact]
    public async Task GG0018_negative_max_response_size() =>
        await AssertSingleAsync(Binding("\"/api\", Socket = \"/s\", MaxResponseSize = -1"), "GG0018", "-1");

    [Fact]
    public async Task GG0026_a_buffer_below_what_the_runtime_accepts() =>
        await AssertSingleAsync(Binding("\"/api\", Socket = \"/s\", BufferSize = 256"), "GG0026", "256");

    [Fact]
    public async Task The_smallest_buffer_the_runtime_accepts_is_fine()
    {
        var diagnostics = await DiagnoseAsync(Binding("\"/api\", Socket = \"/s\", BufferSize = 512"));

        Assert.Empty(diagnostics);
        // The runtime's own rule agrees at the edge: 512 is accepted there too.
        _ = new GenGemini.Scgi.ScgiHandler(GenGemini.Scgi.ScgiEndpoint.Unix("/s"), new GenGemini.Scgi.ScgiOptions { BufferSize = 512 });
        Assert.ThrowsAny<ArgumentException>(() => new GenGemini.Scgi.ScgiHandler(GenGemini.Scgi.ScgiEndpoint.Unix("/s"), new GenGemini.Scgi.ScgiOptions { BufferSize = 511 }));
    }

    [Fact]
    public async Task GG0019_prefix_without_leading_slash() =>
        await AssertSingleAsync(Binding("\"api\", Socket = \"/s\""), "GG0019", "\"api\"");

    [Fact]
    public async Task GG0022_unsupported_variable_type() =>
        await AssertSingleAsync(Binding("\"/api\", Socket = \"/s\"", "\n{\n    [ScgiVariable] public System.DateTime Started { get; } = default;\n}"), "GG0022", "Started");

    [Fact]
    public async Task GG0013_scgi_class_must_be_partial() =>
        await AssertSingleAsync("using GenGemini;\n[Scgi(\"/api\", Socket = \"/s\")]\npublic class Api;", "GG0013", "Api");

    [Fact]
    public async Task Correct_bindings_have_no_diagnostics()
    {
        await AssertNoneAsync(Binding("\"/api\", Host = \"127.0.0.1\", Port = 4000, Timeout = 60, MaxResponseSize = 0"));
        await AssertNoneAsync(Binding("\"/local\", Socket = \"/run/app.sock\"", "\n{\n    [ScgiVariable] public string Db => \"x\";\n    [ScgiVariable(\"LEVEL\")] public static int Level => 1;\n}"));
    }
}
