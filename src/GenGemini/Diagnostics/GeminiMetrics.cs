using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GenGemini.Diagnostics;

/// <summary>
/// The capsule's instruments, on the meter "GenGemini", named after Kestrel's and
/// OpenTelemetry's semantic conventions. Tags never carry an address or a path a client chose:
/// routes are templates or mount prefixes.
/// </summary>
internal sealed class GeminiMetrics
{
    public const string MeterName = "GenGemini";

    // Kestrel's and OpenTelemetry's advice for HTTP durations fits Gemini requests as well.
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    private readonly Histogram<double> _requestDuration;
    private readonly UpDownCounter<long> _activeConnections;
    private readonly Histogram<double> _connectionDuration;
    private readonly Histogram<double> _handshakeDuration;
    private readonly Counter<long> _rejectedConnections;
    private readonly Histogram<double> _scgiDuration;
    private readonly Counter<long> _scgiErrors;
    private readonly Counter<long> _taskRuns;
    private readonly Counter<long> _taskFailures;
    private readonly Counter<long> _taskSkipped;
    private readonly Histogram<double> _taskDuration;

    public GeminiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requestDuration = meter.CreateHistogram("gemini.server.request.duration", "s", "Time from the end of the TLS handshake to the end of the response.", advice: DurationAdvice);
        _activeConnections = meter.CreateUpDownCounter<long>("gemini.server.active_connections", "{connection}", "Connections open now.");
        _connectionDuration = meter.CreateHistogram("gemini.server.connection.duration", "s", "Time from accept to close.", advice: DurationAdvice);
        _handshakeDuration = meter.CreateHistogram("gemini.server.tls_handshake.duration", "s", "TLS handshake time.", advice: DurationAdvice);
        _rejectedConnections = meter.CreateCounter<long>("gemini.server.rejected_connections", "{connection}", "Connections closed without being served.");
        _scgiDuration = meter.CreateHistogram("gemini.scgi.request.duration", "s", "Time an SCGI backend took to answer, connect included.", advice: DurationAdvice);
        _scgiErrors = meter.CreateCounter<long>("gemini.scgi.errors", "{error}", "SCGI requests that failed, by kind.");
        _taskRuns = meter.CreateCounter<long>("gengemini.task.runs", "{run}", "Runs of a scheduled task, failed ones included.");
        _taskFailures = meter.CreateCounter<long>("gengemini.task.failures", "{run}", "Runs of a scheduled task that threw.");
        _taskSkipped = meter.CreateCounter<long>("gengemini.task.skipped", "{run}", "Runs of a scheduled task skipped because the previous one was still going.");
        _taskDuration = meter.CreateHistogram("gengemini.task.duration", "s", "How long a scheduled task's run took.", advice: DurationAdvice);
    }

    /// <summary>A scheduled task's run ended (<paramref name="failed"/> when it threw).</summary>
    public void TaskRan(string task, double seconds, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("gengemini.task", task);
        _taskRuns.Add(1, tag);
        if (failed)
        {
            _taskFailures.Add(1, tag);
        }

        _taskDuration.Record(seconds, tag);
    }

    /// <summary>A scheduled task's run was skipped: the previous one was still going.</summary>
    public void TaskSkipped(string task) => _taskSkipped.Add(1, new KeyValuePair<string, object?>("gengemini.task", task));

    public void ConnectionOpened() => _activeConnections.Add(1);

    /// <summary>A connection ended; <paramref name="stillCounted"/> is false for a shed one, uncounted when it was shed.</summary>
    public void ConnectionClosed(long startTimestamp, bool stillCounted = true)
    {
        if (stillCounted)
        {
            _activeConnections.Add(-1);
        }

        if (_connectionDuration.Enabled)
        {
            _connectionDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        }
    }

    public void HandshakeCompleted(long startTimestamp, string protocol)
    {
        if (_handshakeDuration.Enabled)
        {
            _handshakeDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("tls.protocol.version", protocol));
        }
    }

    public void HandshakeFailed(long startTimestamp, string errorType)
    {
        if (_handshakeDuration.Enabled)
        {
            _handshakeDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("error.type", errorType));
        }
    }

    public void RequestCompleted(long startTimestamp, int status, string? route)
    {
        if (!_requestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "gemini.response.status_code", status } };
        if (route is not null)
        {
            tags.Add("gemini.route", route);
        }

        _requestDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    /// <summary>A connection was shed: it stops counting as active at once (its slot went to a new one).</summary>
    public void ConnectionShed()
    {
        _activeConnections.Add(-1);
        ConnectionRejected("shed");
    }

    public void ConnectionRejected(string reason) =>
        _rejectedConnections.Add(1, new KeyValuePair<string, object?>("gemini.rejection.reason", reason));

    public void ScgiCompleted(long startTimestamp, string mountPrefix, string? errorType)
    {
        if (_scgiDuration.Enabled)
        {
            var tags = new TagList { { "gemini.route", mountPrefix } };
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            _scgiDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }

        if (errorType is not null)
        {
            _scgiErrors.Add(1, new KeyValuePair<string, object?>("error.type", errorType), new KeyValuePair<string, object?>("gemini.route", mountPrefix));
        }
    }

    /// <summary>The tag value for a TLS version, as OpenTelemetry writes it ("1.3").</summary>
    public static string ProtocolVersion(System.Security.Authentication.SslProtocols protocol) => protocol switch
    {
        System.Security.Authentication.SslProtocols.Tls13 => "1.3",
        System.Security.Authentication.SslProtocols.Tls12 => "1.2",
        _ => "other",
    };
}
