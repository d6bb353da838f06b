using GenGemini;

// The capsule the end-to-end benchmark drives: the same content molly-brown serves.
//   /static/...     the docroot, served from disk by StaticFileHandler (as molly-brown serves it)
//   /hello/{name}   a dynamic route
//   /scgi/...       an SCGI route to the backend on --scgi-socket
string? docroot = null;
string? scgiSocket = null;
var scheduling = GenGemini.HandlerScheduling.Automatic;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--docroot": docroot = args[++i]; break;
        case "--scgi-socket": scgiSocket = args[++i]; break;
        case "--alloc-types": break;
        case "--inline-handlers": scheduling = GenGemini.HandlerScheduling.Inline; break;
        case "--thread-pool-handlers": scheduling = GenGemini.HandlerScheduling.ThreadPool; break;
        default: rest.Add(args[i]); break;
    }
}

if (args.Contains("--bare"))
{
    // The .NET floor (see BareServer): --bare --host H --port P --cert C --key K
    string Arg(string name) => args[Array.IndexOf(args, name) + 1];
    await BareServer.RunAsync(Arg("--host"), int.Parse(Arg("--port"), System.Globalization.CultureInfo.InvariantCulture), Arg("--cert"), Arg("--key"));
    return;
}

var app = GeminiApp.Create([.. rest], o => o.HandlerScheduling = scheduling);
if (docroot is not null)
{
    app.Mount("/static", new GenGemini.StaticFiles.StaticFileHandler(docroot));
}
// Managed bytes allocated so far in the whole process, to measure allocations per request.
app.Map("/_allocated", _ => Response.Success(GC.GetTotalAllocatedBytes(precise: true).ToString(System.Globalization.CultureInfo.InvariantCulture), "text/plain"));
// JIT builds: which types the allocations are (sampled); reading the report resets it.
AllocationSampler? sampler = args.Contains("--alloc-types") ? new AllocationSampler() : null;
if (sampler is not null)
{
    app.Map("/_alloctypes", _ =>
    {
        var report = sampler.Report();
        sampler.Reset();
        return Response.Success(report, "text/plain");
    });
}

if (scgiSocket is not null)
{
    app.MapScgi("/scgi", socketPath: scgiSocket);
}

app.MapGenerated();
await app.RunAsync();

public partial class Dynamic
{
    [Gemini("/hello/{name}")]
    public static string Hello(string name) => $"# Hello, {name}!\n\nThis page was made for you.\n";
}
