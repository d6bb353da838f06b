using GenGemini.Generated;
using GenGemini.Tests.Infrastructure;
using GenGemini.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GenGemini.Tests.Scheduling;

/// <summary>Scheduled tasks on a fake clock (Microsoft.Extensions.TimeProvider.Testing), and one real run of a generated job.</summary>
public class SchedulingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static async Task<(RunningApp App, FakeTimeProvider Time, FakeLogCollector Logs)> StartAsync(params ScheduledTask[] tasks)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 59, 0, TimeSpan.Zero));
        var logs = new FakeLogCollector();
        var app = await RunningApp.StartAsync(
            app =>
            {
                foreach (var task in tasks)
                {
                    app.AddScheduledTask(task);
                }
            },
            builder: b =>
            {
                b.Services.AddSingleton<TimeProvider>(time);
                b.Logging.AddProvider(new FakeLoggerProvider(logs));
            });
        return (app, time, logs);
    }

    /// <summary>Moves the fake clock on in steps, letting the task loops see each step.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by, int steps = 1)
    {
        for (var i = 0; i < steps; i++)
        {
            await Task.Delay(30);
            time.Advance(by);
            await Task.Delay(30);
        }
    }

    [Fact]
    public async Task A_task_runs_every_interval()
    {
        var runs = 0;
        var (app, time, _) = await StartAsync(new ScheduledTask("Jobs.Tick", TimeSpan.FromSeconds(30), _ => { Interlocked.Increment(ref runs); return default; }));
        await using (app)
        {
            await AdvanceAsync(time, TimeSpan.FromSeconds(10));
            Assert.Equal(0, Volatile.Read(ref runs));
            await AdvanceAsync(time, TimeSpan.FromSeconds(30), steps: 3);
            await Eventually.TrueAsync(() => Volatile.Read(ref runs) == 3, "three runs");
        }
    }

    [Fact]
    public async Task A_cron_task_runs_at_its_times_in_utc()
    {
        var runs = new List<DateTimeOffset>();
        FakeTimeProvider? clock = null;
        var (app, time, _) = await StartAsync(new ScheduledTask("Jobs.CleanUp", "0 2 * * *", null, _ =>
        {
            lock (runs)
            {
                runs.Add(clock!.GetUtcNow());
            }

            return default;
        }));
        clock = time;
        await using (app)
        {
            await AdvanceAsync(time, TimeSpan.FromMinutes(1));
            await Eventually.TrueAsync(() => { lock (runs) { return runs.Count == 1; } }, "the 02:00 run");
            await AdvanceAsync(time, TimeSpan.FromHours(1), steps: 3);
            lock (runs)
            {
                Assert.Equal([new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)], runs);
            }
        }
    }

    [Fact]
    public async Task A_failing_task_is_logged_with_its_name_and_keeps_its_schedule()
    {
        var runs = 0;
        var (app, time, logs) = await StartAsync(new ScheduledTask("Jobs.Broken", TimeSpan.FromSeconds(5), _ =>
        {
            Interlocked.Increment(ref runs);
            throw new InvalidOperationException("the database is gone");
        }));
        await using (app)
        {
            await AdvanceAsync(time, TimeSpan.FromSeconds(5), steps: 3);
            await Eventually.TrueAsync(() => Volatile.Read(ref runs) == 3, "three failing runs");
            await Eventually.TrueAsync(() => logs.GetSnapshot().Count(r => r.Level == LogLevel.Error && r.Message.Contains("Scheduled task Jobs.Broken failed", StringComparison.Ordinal)) == 3, "three error lines");
            Assert.All(logs.GetSnapshot().Where(r => r.Level == LogLevel.Error), r => Assert.IsType<InvalidOperationException>(r.Exception));
        }
    }

    [Fact]
    public async Task A_run_still_going_when_the_next_is_due_makes_that_one_skipped()
    {
        var started = 0;
        var release = new TaskCompletionSource();
        var (app, time, logs) = await StartAsync(new ScheduledTask("Jobs.Slow", TimeSpan.FromSeconds(10), async _ =>
        {
            Interlocked.Increment(ref started);
            await release.Task;
        }));
        await using (app)
        {
            await AdvanceAsync(time, TimeSpan.FromSeconds(10));
            await Eventually.TrueAsync(() => Volatile.Read(ref started) == 1, "the first run");
            await AdvanceAsync(time, TimeSpan.FromSeconds(10), steps: 2);
            await Eventually.TrueAsync(() => logs.GetSnapshot().Count(r => r.Message.Contains("Scheduled task Jobs.Slow skipped a run", StringComparison.Ordinal)) == 2, "two skipped runs");
            Assert.Equal(1, Volatile.Read(ref started));
            release.SetResult();
            await AdvanceAsync(time, TimeSpan.FromSeconds(10));
            await Eventually.TrueAsync(() => Volatile.Read(ref started) == 2, "a run again once the slow one ended");
        }
    }

    [Fact]
    public async Task Shutdown_cancels_a_running_task_and_waits_for_it()
    {
        var cancelled = new TaskCompletionSource();
        var (app, time, _) = await StartAsync(new ScheduledTask("Jobs.Long", TimeSpan.FromSeconds(1), async cancellationToken =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                cancelled.TrySetResult();
            }
        }));
        await AdvanceAsync(time, TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        await app.App.StopAsync().WaitAsync(Limit);
        Assert.True(cancelled.Task.IsCompleted);
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Runs_failures_skips_and_durations_are_measured_per_task()
    {
        var calls = 0;
        var release = new TaskCompletionSource();
        var (app, time, _) = await StartAsync(new ScheduledTask("Jobs.Flaky", TimeSpan.FromSeconds(10), async _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("first run fails");
            }

            await release.Task;
        }));
        await using (app)
        {
            var meters = app.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
            using var runs = new MetricCollector<long>(meters, "GenGemini", "gengemini.task.runs");
            using var failures = new MetricCollector<long>(meters, "GenGemini", "gengemini.task.failures");
            using var skipped = new MetricCollector<long>(meters, "GenGemini", "gengemini.task.skipped");
            using var durations = new MetricCollector<double>(meters, "GenGemini", "gengemini.task.duration");
            await AdvanceAsync(time, TimeSpan.FromSeconds(10), steps: 3); // fails, then runs and hangs, then skipped
            await Eventually.TrueAsync(() => skipped.GetMeasurementSnapshot().Count == 1 && failures.GetMeasurementSnapshot().Count == 1, "one failure and one skip");
            release.SetResult();
            await Eventually.TrueAsync(() => runs.GetMeasurementSnapshot().Count == 2, "two finished runs");
            Assert.All(runs.GetMeasurementSnapshot(), m => Assert.Equal("Jobs.Flaky", m.Tags["gengemini.task"]));
            Assert.Equal(2, durations.GetMeasurementSnapshot().Count);
        }
    }

    [Fact]
    public void Two_tasks_of_one_name_are_refused()
    {
        var app = TestApps.Create();
        app.AddScheduledTask(new ScheduledTask("Jobs.A", TimeSpan.FromMinutes(1), _ => default));
        Assert.Throws<InvalidOperationException>(() => app.AddScheduledTask(new ScheduledTask("Jobs.A", TimeSpan.FromMinutes(1), _ => default)));
        Assert.Throws<Cronos.CronFormatException>(() => new ScheduledTask("Jobs.B", "61 * * * *", null, _ => default));
    }

    [Fact]
    public async Task A_generated_job_runs_for_real_with_its_constructor_service()
    {
        var ledger = new JobLedger();
        await using var app = await RunningApp.StartAsync(
            app => app.MapGenerated(needsDependency: new NeedsDependency("x")),
            builder: b =>
            {
                Hosting.InjectedCapsule.AddServices(b.Services);
                b.Services.AddSingleton(ledger);
            });
        await Eventually.TrueAsync(() => ledger.Ticks >= 2, "two ticks of TestJobs.Tick (every second)", Limit);
    }
}
