using GenGemini;

// The capsule the end-to-end benchmark drives: the same content molly-brown serves.
//   /static/...     the docroot, served from disk by StaticFileHandler (as molly-brown serves it)
//   /hello/{name}   a dynamic route
//   /scgi/...       an SCGI route to the backend on --scgi-socket
string? docroot = null;
string? scgiSocket = null;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--docroot": docroot = args[++i]; break;
        case "--scgi-socket": scgiSocket = args[++i]; break;
        default: rest.Add(args[i]); break;
    }
}

var app = GeminiApp.Create([.. rest]);
if (docroot is not null)
{
    app.Mount("/static", new GenGemini.StaticFiles.StaticFileHandler(docroot));
}
// Managed bytes allocated so far in the whole process, to measure allocations per request.
app.Map("/_allocated", _ => Response.Success(GC.GetTotalAllocatedBytes(precise: true).ToString(System.Globalization.CultureInfo.InvariantCulture), "text/plain"));
if (scgiSocket is not null)
{
    app.Scgi("/scgi", socketPath: scgiSocket);
}

app.MapGenerated();
await app.RunAsync();

public partial class Dynamic
{
    [Gemini("/hello/{name}")]
    public static string Hello(string name) => $"# Hello, {name}!\n\nThis page was made for you.\n";
}
