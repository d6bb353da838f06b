
namespace GenGemini.Tests.Infrastructure;

/// <summary>A capsule listening on 127.0.0.1 with an ephemeral port and its own certificate directory.</summary>
internal sealed class RunningApp : IAsyncDisposable
{
    private readonly TempDirectory? _ownDirectory;

    private RunningApp(GeminiApp app, TempDirectory? ownDirectory)
    {
        App = app;
        _ownDirectory = ownDirectory;
    }

    public GeminiApp App { get; }

    public int Port => App.Port;

    public string Url(string path) => $"gemini://localhost:{Port}{path}";

    public static async Task<RunningApp> StartAsync(Action<GeminiApp> configure, Action<GeminiOptions>? options = null, string? certificateDirectory = null, Action<GeminiAppBuilder>? builder = null)
    {
        var own = certificateDirectory is null ? new TempDirectory() : null;
        var app = TestApps.Create(
            o =>
            {
                o.ListenAddress = "127.0.0.1";
                o.Port = 0;
                o.CertificateDirectory = certificateDirectory ?? own!.Path;
                options?.Invoke(o);
            },
            builder);
        configure(app);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new RunningApp(app, own);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _ownDirectory?.Dispose();
    }
}
