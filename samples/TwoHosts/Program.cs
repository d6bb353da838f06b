using GenGemini;

// Two capsules in one process: gemini://blog.localhost/ and gemini://notes.localhost/, each with
// its own certificate (generated on first start under .certificates/<host>/), chosen by SNI.
// Try: printf 'gemini://blog.localhost/\r\n' | openssl s_client -connect localhost:1965 -servername blog.localhost -quiet
var app = GeminiApp.CreateBuilder(args).Build();
app.MapGenerated();
await app.RunAsync();

[Gemini("/", Host = "blog.localhost")]
public partial class Blog
{
    [Gemini("")]
    public static string Home() => $"# The blog\n\n=> {Links.Post("hello")} Hello, world\n";

    [Gemini("posts/{slug}")]
    public static string Post(string slug) => $"# {slug}\n\nA post on the blog host.\n";
}

[Gemini("/", Host = "notes.localhost")]
public partial class Notes
{
    [Gemini("")]
    public static string Home() => "# Notes\n\nAnother capsule, another certificate, the same server.\n";
}
