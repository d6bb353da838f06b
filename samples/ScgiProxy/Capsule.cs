using GenGemini;

namespace ScgiProxy;

/// <summary>Regular routes, served in-process.</summary>
[Gemini("/")]
public partial class Capsule
{
    [Gemini("")]
    public static string Home() => """
        # Home

        => /api/ API (SCGI backend)
        => /api/hello?name=gemini The backend, with a query
        => /about About

        """;

    [Gemini("about")]
    public static string About() => "# About\n\nRoutes here are C#; everything under /api/ is answered by an SCGI backend.\n";
}

/// <summary>Everything under /api goes to the SCGI backend on 127.0.0.1:4000 (see backend/).</summary>
[Scgi("/api", Host = "127.0.0.1", Port = 4000, Timeout = 60)]
public partial class ApiBackend
{
    [ScgiVariable]
    public static string Greeting => "Hello from the capsule";
}
