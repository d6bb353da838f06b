using GenGemini;

var builder = GeminiApp.CreateBuilder(args);
var app = builder.Build();

app.Use(async (context, next) =>
{
    await next(context);
    // A 43 from the proxy: tell the visitor what to do instead of a bare error.
    if (context.Response is { Status: StatusCode.ProxyError })
    {
        context.Response = Response.ServerUnavailable("The API backend is not running; start backend/scgi_server.py");
    }
});

app.MapGenerated();
await app.RunAsync();
