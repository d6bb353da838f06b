[assembly: GenGemini.RateLimitPolicy("tight", PermitLimit = 2, WindowSeconds = 60)]
[assembly: GenGemini.RateLimitPolicy("classwide", PermitLimit = 1, WindowSeconds = 60)]

namespace GenGemini.Tests.RateLimiting;

[Gemini("/limited")]
public sealed partial class LimitedRoutes
{
    [Gemini("tight"), RateLimit("tight")]
    public static string Tight() => "tight";

    [Gemini("free")]
    public static string Free() => "free";
}

[Gemini("/classwide"), RateLimit("classwide")]
public sealed partial class ClassLimitedRoutes
{
    [Gemini("a")]
    public static string A() => "a";
}
