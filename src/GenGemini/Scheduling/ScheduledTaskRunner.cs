using GenGemini.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GenGemini.Scheduling;

/// <summary>
/// Runs the app's scheduled tasks from start to shutdown: one loop per task waits (on the
/// <see cref="TimeProvider"/>) for its next time, starts a run unless the previous one still goes
/// (then it is skipped and counted), logs a run that throws and keeps the schedule; at shutdown
/// the runs are cancelled and awaited within the grace period.
/// </summary>
internal sealed partial class ScheduledTaskRunner(ILogger logger, GeminiMetrics metrics, TimeProvider time)
{
    private readonly List<ScheduledTask> _tasks = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private bool _started;

    /// <summary>A runner started with the app's hosted service and stopped (within the grace period) when it stops.</summary>
    public static ScheduledTaskRunner Attach(Hosting.GeminiHostedService hosted, ILoggerFactory loggers, GeminiMetrics metrics, IServiceProvider services, Func<TimeSpan> grace)
    {
        var time = (TimeProvider?)services.GetService(typeof(TimeProvider)) ?? TimeProvider.System;
        var runner = new ScheduledTaskRunner(loggers.CreateLogger("GenGemini.Scheduling"), metrics, time);
        hosted.StartupHooks.Add(_ =>
        {
            runner.Start();
            return Task.CompletedTask;
        });
        hosted.ShutdownHooks.Add(_ => runner.StopAsync(grace()));
        return runner;
    }

    public void Add(ScheduledTask task)
    {
        lock (_tasks)
        {
            if (_tasks.Exists(t => t.Name == task.Name))
            {
                throw new InvalidOperationException($"A scheduled task named {task.Name} is already added.");
            }

            _tasks.Add(task);
            if (_started)
            {
                _loops.Add(LoopAsync(task));
            }
        }
    }

    public void Start()
    {
        lock (_tasks)
        {
            _started = true;
            foreach (var task in _tasks)
            {
                _loops.Add(LoopAsync(task));
            }
        }
    }

    public async Task StopAsync(TimeSpan grace)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task all;
        lock (_tasks)
        {
            all = Task.WhenAll(_loops);
        }

        try
        {
            await all.WaitAsync(grace, TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            TasksStillRunning(logger, grace.TotalSeconds);
        }
    }

    private async Task LoopAsync(ScheduledTask task)
    {
        await Task.Yield();
        Task? running = null;
        var next = task.NextAfter(time.GetUtcNow());
        try
        {
            while (next is { } due)
            {
                var delay = due - time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, _stop.Token).ConfigureAwait(false);
                }

                if (running is { IsCompleted: false })
                {
                    metrics.TaskSkipped(task.Name);
                    RunSkipped(logger, task.Name);
                }
                else
                {
                    running = RunAsync(task);
                }

                // The next time after this one, or after now when the loop fell behind.
                var now = time.GetUtcNow();
                next = task.NextAfter(due > now ? due : now);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down.
        }

        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }
    }

    private async Task RunAsync(ScheduledTask task)
    {
        await Task.Yield(); // the run never holds up the loop that started it
        var start = time.GetTimestamp();
        var failed = false;
        try
        {
            await task.Run(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Cancelled at shutdown.
        }
        catch (Exception ex)
        {
            failed = true;
            RunFailed(logger, ex, task.Name);
        }
        finally
        {
            metrics.TaskRan(task.Name, time.GetElapsedTime(start).TotalSeconds, failed);
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Error, Message = "Scheduled task {Task} failed; it runs again at its next time")]
    private static partial void RunFailed(ILogger logger, Exception exception, string task);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "Scheduled task {Task} skipped a run: the previous one was still going")]
    private static partial void RunSkipped(ILogger logger, string task);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "Scheduled tasks still running after the {Seconds}-second grace period; stopping without them")]
    private static partial void TasksStillRunning(ILogger logger, double seconds);
}
