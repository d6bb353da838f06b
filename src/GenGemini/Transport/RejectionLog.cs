using System.Diagnostics;
using System.Net;
using GenGemini.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GenGemini.Transport;

/// <summary>
/// Logs refused connections at a rate a flood cannot turn into a flood of log lines: at most one
/// line per reason every <see cref="Interval"/>, saying how many were refused since the last one.
/// Every refusal is counted in the metrics regardless.
/// </summary>
internal sealed class RejectionLog
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger;
    private readonly Dictionary<string, (long LastLogged, long Suppressed)> _byReason = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public RejectionLog(ILogger logger) => _logger = logger;

    public void Report(string reason, IPAddress address)
    {
        if (!_logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        long count;
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            _byReason.TryGetValue(reason, out var state);
            if (state.LastLogged != 0 && Stopwatch.GetElapsedTime(state.LastLogged, now) < Interval)
            {
                _byReason[reason] = (state.LastLogged, state.Suppressed + 1);
                return;
            }

            count = state.Suppressed + 1;
            _byReason[reason] = (now, 0);
        }

        Log.ConnectionsRejected(_logger, reason, count, address, Interval.TotalSeconds);
    }
}
