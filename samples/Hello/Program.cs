using GenGemini;

var app = GeminiApp.Create(args);

app.Use(async (context, next) =>
{
    await next(context);
    // Middleware sees the final response, errors included.
    if (context.Response is { Status: StatusCode.NotFound })
    {
        context.Response = Response.NotFound("Nothing here. Try gemini://localhost/");
    }
});

app.Map("/", _ => """
    # Hello from GenGemini

    => /about About this capsule
    => /search Search (an input prompt)
    => /whoami Who am I? (client certificate)
    """);

app.Map("/about", _ => "# About\n\nA capsule served by GenGemini.\n");

app.Map("/search", request => request.Query is { Length: > 0 } query
    ? $"# Results\n\nYou searched for: {query}\n"
    : Response.Input("Search for?"));

app.Map("/whoami", request => request.ClientCertificateHash is { } hash
    ? $"# You\n\nYour certificate's SHA-256 fingerprint:\n```\n{hash}\n```\n"
    : Response.CertificateRequired("Present a client certificate to see your identity"));

await app.RunAsync();
