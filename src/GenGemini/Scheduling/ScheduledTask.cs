using System.ComponentModel;
using Cronos;

namespace GenGemini;

/// <summary>
/// One scheduled method: its name (for logs and metrics), its schedule and what runs. Made by the
/// generated <c>MapGenerated()</c> for each [Scheduled] method; may be made by hand and given to
/// <see cref="SchedulingExtensions.AddScheduledTask"/>.
/// </summary>
public sealed class ScheduledTask
{
    private readonly TimeSpan? _every;
    private readonly CronExpression? _cron;
    private readonly TimeZoneInfo _zone;

    /// <summary>A task run every <paramref name="every"/>.</summary>
    public ScheduledTask(string name, TimeSpan every, Func<CancellationToken, ValueTask> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        if (every <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(every), "A task's interval is positive.");
        }

        Name = name;
        _every = every;
        _zone = TimeZoneInfo.Utc;
        Run = run;
    }

    /// <summary>A task run at the times of a cron expression (five fields, or six with seconds first), in <paramref name="timeZone"/> (UTC when null).</summary>
    /// <exception cref="FormatException">The expression does not parse.</exception>
    public ScheduledTask(string name, string cron, string? timeZone, Func<CancellationToken, ValueTask> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(cron);
        ArgumentNullException.ThrowIfNull(run);
        Name = name;
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        _cron = CronExpression.Parse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        _zone = timeZone is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        Run = run;
    }

    /// <summary>The task's name in logs and metrics ("Jobs.Tick").</summary>
    public string Name { get; }

    /// <summary>What runs.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Func<CancellationToken, ValueTask> Run { get; }

    /// <summary>When the task is next due after <paramref name="after"/>, or null when never again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        _every is { } every ? after + every : _cron!.GetNextOccurrence(after, _zone);
}
