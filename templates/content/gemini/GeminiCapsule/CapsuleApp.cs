using GenGemini;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiCapsule;

/// <summary>Builds the capsule; the tests build it the same way.</summary>
public static class CapsuleApp
{
    public static GeminiApp Build(string[] args)
    {
        // Configuration: appsettings.json, Gemini__Port=1966 style variables, --port 1966.
        var builder = GeminiApp.CreateBuilder(args);
        builder.Services.AddSingleton<GreetingService>();

        var app = builder.Build();
        app.MapGenerated(); // every [Gemini] route; Capsule gets its GreetingService injected
        return app;
    }
}
