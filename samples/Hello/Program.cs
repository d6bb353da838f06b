using GenGemini;
using Microsoft.Extensions.DependencyInjection;
using Hello;

var builder = GeminiApp.CreateBuilder(args);   // appsettings.json, Gemini__* variables, --port ...
builder.Services.AddSingleton<PlanetStore>();  // injected into Capsule by generated code
builder.Services.AddSingleton<WikiStore>();    // the Titan-editable wiki's pages
WikiToken.Configure(builder);                  // writing the wiki takes a token

var app = builder.Build();
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

// A gemlog (dated posts, a gemsub index, an Atom feed) and Markdown pages served as gemtext.
var content = Path.Combine(AppContext.BaseDirectory, "content");
app.MapGemlog("/gemlog", Path.Combine(content, "gemlog"), new GemlogOptions { Title = "GenGemini's gemlog", Author = "GenGemini" });
app.Mount("/docs", new GenGemini.StaticFiles.StaticFileHandler(Path.Combine(content, "docs")) { ConvertMarkdown = true });
await app.RunAsync();
