namespace GenGemini;

/// <summary>
/// Answers requests under a path prefix: what <see cref="GeminiApp.Mount"/> takes, and what the
/// built-in SCGI, CGI and static-file handlers are. A mount answers every path under its prefix,
/// before any route.
/// </summary>
public interface IGeminiHandler
{
    /// <summary>Answers <paramref name="request"/>; its <see cref="Request.MountPrefix"/> and <see cref="Request.PathInfo"/> are set.</summary>
    /// <param name="request">The request, routed to this handler.</param>
    /// <returns>The response to write.</returns>
    ValueTask<Response> HandleAsync(Request request);

    /// <summary>
    /// True when <see cref="HandleAsync"/> never blocks its thread (it computes in memory, or
    /// awaits its I/O, or moves to the thread pool itself before blocking work): then, under
    /// <see cref="HandlerScheduling.Automatic"/>, it starts on the thread that read the request,
    /// without a hand-off to the thread pool. The built-in handlers say true; the default is false.
    /// </summary>
    bool NeverBlocks => false;
}
