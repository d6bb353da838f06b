namespace GenGemini;

/// <summary>
/// Where a request's handler starts: on the thread that read its request line (a socket engine's
/// thread, with <see cref="GeminiOptions.InlineSocketCompletions"/>) or on the thread pool. Every
/// hand-off to the thread pool wakes a worker thread and puts it back to sleep: measured, about 7%
/// of the server's CPU per request on samples/Hello. A handler that blocks on an engine's thread
/// stalls every connection that thread serves until it returns.
/// </summary>
public enum HandlerScheduling
{
    /// <summary>
    /// Hand off only before code that may block. What runs where the request was read: middleware
    /// (which must not block: await instead), synchronous route handlers (returning string,
    /// Response or void: computing an answer in memory), and handlers that declare
    /// <see cref="IGeminiHandler.NeverBlocks"/> (the built-in static files, SCGI, CGI and gemini
    /// proxy handlers, which move to the thread pool themselves when they must). Asynchronous
    /// route handlers and other mounted handlers start on the thread pool. A synchronous handler
    /// that does blocking work (file or network I/O, a lock, <c>.Result</c>) should be made
    /// asynchronous, or the app should use <see cref="ThreadPool"/>; the analyzer warns (GG0027)
    /// when a synchronous route handler calls a well-known blocking member.
    /// </summary>
    Automatic,

    /// <summary>Every request moves to the thread pool before middleware and handlers run (Kestrel's default).</summary>
    ThreadPool,

    /// <summary>Nothing moves: every handler starts where its request was read. For capsules whose code never blocks.</summary>
    Inline,
}
