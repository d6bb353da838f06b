using GenGemini.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GenGemini.Application;

/// <summary>
/// What the app gives a handler when it is mounted (when the app freezes): its loggers, metrics,
/// state, options and rate limiters. A handler never reaches back up into the app per request.
/// </summary>
internal sealed record MountServices(ILoggerFactory LoggerFactory, GeminiMetrics? Metrics, AppState State, GeminiOptions Options, RateLimiting.RateLimits? RateLimits);

/// <summary>A built-in handler that takes its <see cref="MountServices"/> when it is mounted.</summary>
internal interface IMountedHandler
{
    /// <summary>Called once, when the app freezes, before the first request.</summary>
    void Mounted(MountServices services);
}
