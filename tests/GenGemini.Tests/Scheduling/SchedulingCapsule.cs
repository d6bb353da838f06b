using GenGemini;

namespace GenGemini.Tests.Scheduling;

/// <summary>What the scheduled test jobs count.</summary>
public sealed class JobLedger
{
    private int _ticks;

    public int Ticks => _ticks;

    public void Tick() => Interlocked.Increment(ref _ticks);
}

/// <summary>Jobs found by the generator: constructor services as for route classes (optional here, so every test app can map them).</summary>
public partial class TestJobs(JobLedger? ledger = null)
{
    [Scheduled(Every = "00:00:01")]
    public void Tick() => ledger?.Tick();

    [Scheduled(Cron = "0 2 * * *")]
    public Task CleanUpAsync(CancellationToken cancellationToken) => Task.Delay(0, cancellationToken);
}
