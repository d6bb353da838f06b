using GenGemini;
using Microsoft.Extensions.DependencyInjection;

namespace Guestbook;

/// <summary>Builds the guestbook app (Program.cs runs it; tests drive it with TestClient).</summary>
public static class GuestbookApp
{
    public static GeminiApp Build(string[] args, Action<IServiceCollection>? services = null)
    {
        var builder = GeminiApp.CreateBuilder(args);
        var options = new GuestbookOptions
        {
            Database = builder.Configuration["Guestbook:Database"] ?? "guestbook.db",
            KeepDays = int.TryParse(builder.Configuration["Guestbook:KeepDays"], out var days) && days > 0 ? days : 30,
        };
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new Database(options.Database));
        builder.Services.AddSingleton<ICertificateIdentityStore<Signer>, Signers>();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGenerated();
        return app;
    }
}
