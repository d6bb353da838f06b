using GenGemini;

namespace GenGemini.Tests.Scgi;

/// <summary>An [Scgi] binding compiled by the real generator; ScgiAttributeTests runs Perl's backend on its socket.</summary>
[Scgi("/bound", Socket = ScgiAttributeTests.SocketPath, Timeout = 5, MaxResponseSize = 0)]
public partial class BoundBackend
{
    public int Calls { get; set; } = 41;

    [ScgiVariable]
    public string DatabaseUrl => "postgres://db/app";

    [ScgiVariable("API_LEVEL")]
    public int ApiLevel => ++Calls;

    [ScgiVariable]
    public static bool Verbose => true;
}
