using GenGemini.Generated;
using GenGemini.Tests.Hosting;
using GenGemini.Tests.Routing;

namespace GenGemini.Tests.Infrastructure;

/// <summary>This assembly's generated routes, with the services and instances its route classes need.</summary>
internal static class GeneratedApps
{
    /// <summary>MapGenerated with what this assembly's route classes need; for RunningApp's configure step.</summary>
    public static void Map(GeminiApp app) => app.MapGenerated(needsDependency: new NeedsDependency("hi"));

    /// <summary>The services the generated routes resolve; for RunningApp's builder step.</summary>
    public static void AddServices(GeminiAppBuilder builder) => InjectedCapsule.AddServices(builder.Services);

    public static GeminiApp Create(Action<GeminiOptions>? options = null, string[]? args = null)
    {
        var app = TestApps.Create(options, AddServices, args);
        Map(app);
        return app;
    }
}
