using Microsoft.Extensions.Logging;

namespace GenGemini.Tests.Infrastructure;

/// <summary>Apps built as a user builds them, without log output (tests that read logs add their own provider).</summary>
internal static class TestApps
{
    public static GeminiApp Create(Action<GeminiOptions>? options = null, Action<GeminiAppBuilder>? builder = null, string[]? args = null)
    {
        var appBuilder = GeminiApp.CreateBuilder(args ?? []);
        appBuilder.Logging.ClearProviders();
        if (options is not null)
        {
            appBuilder.ConfigureOptions(options);
        }

        builder?.Invoke(appBuilder);
        return appBuilder.Build();
    }
}
