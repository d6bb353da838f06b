namespace GenGemini;

/// <summary>Adding scheduled tasks to an app.</summary>
public static class SchedulingExtensions
{
    /// <summary>
    /// Runs <paramref name="task"/> while the app runs (what the generated <c>MapGenerated()</c> does
    /// for each [Scheduled] method): one run at a time (a run still going when the next is due is
    /// skipped and counted), an exception logged with the task's name and the schedule kept,
    /// cancelled and awaited at shutdown within the grace period.
    /// </summary>
    public static GeminiApp AddScheduledTask(this GeminiApp app, ScheduledTask task)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(task);
        app.Scheduler.Add(task);
        return app;
    }
}
