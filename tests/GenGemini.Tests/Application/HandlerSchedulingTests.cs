using GenGemini.Testing;
using GenGemini.Tests.Infrastructure;

namespace GenGemini.Tests.Application;

/// <summary>
/// Where handlers start when the request was read on a thread outside the pool (a socket engine's,
/// with inline completions): the test client runs the server's code on its caller's thread, so a
/// dedicated thread stands in for the engine's.
/// </summary>
public sealed class HandlerSchedulingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static GeminiApp App(HandlerScheduling scheduling)
    {
        var app = TestApps.Create(o => o.HandlerScheduling = scheduling);
        // The answer says where the middleware and the handler ran: "middleware/handler", each "pool" or "here".
        app.Map("/sched/sync", r => Where(r));
        app.Map("/sched/async", async r =>
        {
            var where = Where(r);
            await Task.CompletedTask;
            return where;
        });
        app.Mount("/sched/mounted", new Recorder(neverBlocks: false));
        app.Mount("/sched/nonblocking", new Recorder(neverBlocks: true));
        app.Use(async (context, next) =>
        {
            context.Request.Items["middleware"] = Here();
            await next(context);
        });
        return app;
    }

    private static string Here() => Thread.CurrentThread.IsThreadPoolThread ? "pool" : "here";

    private static Response Where(Request request) => Response.Success($"{request.Items["middleware"]}/{Here()}", "text/plain");

    /// <summary>Runs <paramref name="paths"/> from a thread outside the pool, one after another; the bodies.</summary>
    private static async Task<string[]> FromEngineLikeThreadAsync(GeminiApp app, params string[] paths)
    {
        var client = new TestClient(app);
        var done = new TaskCompletionSource<string[]>();
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult([.. paths.Select(p => client.GetAsync(p).GetAwaiter().GetResult().Text)]);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        thread.Start();
        return await done.Task.WaitAsync(Limit);
    }

    [Fact]
    public async Task By_default_synchronous_and_non_blocking_handlers_run_where_the_request_was_read_and_the_rest_on_the_pool()
    {
        await using var app = App(HandlerScheduling.Automatic);

        var where = await FromEngineLikeThreadAsync(app, "/sched/sync", "/sched/async", "/sched/mounted", "/sched/nonblocking");

        // Middleware runs where the request was read; a handler that may block moves to the pool.
        Assert.Equal(["here/here", "here/pool", "here/pool", "here/here"], where);
    }

    [Fact]
    public async Task ThreadPool_moves_every_request_and_Inline_none()
    {
        await using (var pooled = App(HandlerScheduling.ThreadPool))
        {
            Assert.Equal(["pool/pool", "pool/pool", "pool/pool", "pool/pool"], await FromEngineLikeThreadAsync(pooled, "/sched/sync", "/sched/async", "/sched/mounted", "/sched/nonblocking"));
        }

        await using var inline = App(HandlerScheduling.Inline);
        Assert.Equal(["here/here", "here/here", "here/here", "here/here"], await FromEngineLikeThreadAsync(inline, "/sched/sync", "/sched/async", "/sched/mounted", "/sched/nonblocking"));
    }

    [Fact]
    public async Task The_built_in_handlers_and_guarded_mounts_say_they_never_block()
    {
        await using var app = TestApps.Create();
        using var root = new TempDirectory();
        IGeminiHandler[] handlers =
        [
            new GenGemini.StaticFiles.StaticFileHandler(root.Path),
            new GenGemini.Cgi.CgiHandler(root.Path),
            new GenGemini.Scgi.ScgiHandler(GenGemini.Scgi.ScgiEndpoint.Tcp("127.0.0.1", 4000)),
            new GenGemini.Relay.GeminiRelayHandler("gemini://127.0.0.1:1966/", null),
        ];

        Assert.All(handlers, h => Assert.True(h.NeverBlocks, h.GetType().Name));
        Assert.True(new GenGemini.AccessControl.GuardedMount(handlers[0], (_, _) => null).NeverBlocks);
        Assert.False(new GenGemini.AccessControl.GuardedMount(new Recorder(neverBlocks: false), (_, _) => null).NeverBlocks);
    }

    private sealed class Recorder(bool neverBlocks) : IGeminiHandler
    {
        public bool NeverBlocks => neverBlocks;

        public ValueTask<Response> HandleAsync(Request request) => ValueTask.FromResult(Where(request));
    }
}
