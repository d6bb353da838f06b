namespace GenGemini.Application;

/// <summary>
/// The one place that decides where user code runs (<see cref="HandlerScheduling"/>). With inline
/// socket completions, a request is read on a socket engine's thread; code that may block must not
/// run there. <see cref="HandlerScheduling.ThreadPool"/> leaves that thread before any user code
/// (middleware included); <see cref="HandlerScheduling.Automatic"/> leaves it only before a handler
/// that may block (not a synchronous route, not a built-in handler that never blocks);
/// <see cref="HandlerScheduling.Inline"/> never leaves.
/// </summary>
internal sealed class HandlerPlacement(HandlerScheduling scheduling)
{
    /// <summary>Before the pipeline: true when the whole request must move to the thread pool first.</summary>
    public bool LeaveBeforePipeline => scheduling == HandlerScheduling.ThreadPool && !Thread.CurrentThread.IsThreadPoolThread;

    /// <summary>
    /// Before a handler: true when it must move to the thread pool, because it may block
    /// (<paramref name="safeHere"/> is false) and this is a socket engine's thread.
    /// </summary>
    public bool LeaveBeforeHandler(bool safeHere) =>
        scheduling == HandlerScheduling.Automatic && !safeHere && !Thread.CurrentThread.IsThreadPoolThread;
}
