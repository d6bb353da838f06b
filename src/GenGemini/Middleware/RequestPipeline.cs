using GenGemini.Diagnostics;
using GenGemini.Protocol;
using GenGemini.Routing;
using Microsoft.Extensions.Logging;

namespace GenGemini.Middleware;

/// <summary>
/// The middleware around the router, composed once when the app starts; maps every fault to a
/// Gemini status (a <see cref="GeminiException"/>'s own, else 40 with the details in the log).
/// </summary>
internal sealed class RequestPipeline
{
    private readonly Router _router;
    private readonly ILogger _logger;
    private readonly GeminiRequestDelegate _entry;

    public RequestPipeline(IReadOnlyList<Func<GeminiRequestDelegate, GeminiRequestDelegate>> middleware, Router router, ILogger logger)
    {
        _router = router;
        _logger = logger;
        GeminiRequestDelegate pipeline = DispatchAsync;
        for (var i = middleware.Count - 1; i >= 0; i--)
        {
            pipeline = middleware[i](pipeline);
        }

        _entry = pipeline;
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Response> ProcessAsync(Request request)
    {
        var context = new GeminiContext(request);
        try
        {
            await _entry(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Middleware itself failed (the endpoint's faults are mapped further in).
            context.Response = MapException(request, ex);
        }

        return context.Response ?? Response.NotFound();
    }

    private async Task DispatchAsync(GeminiContext context)
    {
        try
        {
            context.Response = await _router.RouteAsync(context.Request).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            context.Response = MapException(context.Request, ex);
        }
    }

    private Response MapException(Request request, Exception ex)
    {
        if (ex is GeminiException gemini && GeminiStatus.IsDefined((int)gemini.Status) && !GeminiStatus.IsSuccess(gemini.Status))
        {
            // Its message often carries a visitor's words ("No page {name}"): controls become
            // U+FFFD and it is cut to 1024 bytes, rather than sent raw or turned into a 40.
            return new Response(gemini.Status, MetaValidator.Sanitize(gemini.Meta));
        }

        Log.HandlerFailed(_logger, request.Url, ex);
        return Response.TemporaryFailure("Internal server error");
    }
}
