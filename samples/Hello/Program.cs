using GenGemini;

var app = GeminiApp.Create(args);

app.Use(async (context, next) =>
{
    await next(context);
    // Middleware sees the final response, errors included.
    if (context.Response is { Status: StatusCode.NotFound, Meta: "Not found" })
    {
        context.Response = Response.NotFound("Nothing here. Try gemini://localhost/");
    }
});

app.MapGenerated();
await app.RunAsync();
