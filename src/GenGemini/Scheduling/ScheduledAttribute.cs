namespace GenGemini;

/// <summary>
/// Runs a method on a schedule while the app runs: <see cref="Every"/> (a TimeSpan, "00:00:30") or
/// <see cref="Cron"/> (five fields, or six with seconds first; UTC unless <see cref="TimeZone"/>).
/// The method returns void, Task or ValueTask and may take a CancellationToken (cancelled at
/// shutdown); its class is partial, made once with its constructor's services, as route classes
/// are. <c>app.MapGenerated()</c> registers it. A schedule that does not parse fails the build
/// (GG0033). See docs/scheduling.md.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ScheduledAttribute : Attribute
{
    /// <summary>The interval between runs (a TimeSpan: <c>"00:00:30"</c>, <c>"1.00:00:00"</c>); the first run is one interval after start.</summary>
    public string? Every { get; set; }

    /// <summary>A cron expression (Cronos: <c>"0 2 * * *"</c>, or six fields with seconds first).</summary>
    public string? Cron { get; set; }

    /// <summary>The time zone of <see cref="Cron"/> (an IANA id such as <c>"Europe/Berlin"</c>); UTC when not set.</summary>
    public string? TimeZone { get; set; }
}
