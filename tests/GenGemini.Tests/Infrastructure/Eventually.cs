namespace GenGemini.Tests.Infrastructure;

/// <summary>Polls for what a server does in its own time (a log line, a metric, a count), failing by name after a limit.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        await FoundAsync(() => condition() ? (object?)true : null, what, limit);
    }

    /// <summary>Waits until <paramref name="probe"/> finds something, and returns it; fails the test with <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static async Task<T> FoundAsync<T>(Func<T?> probe, string what, TimeSpan? limit = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for " + what);
            await Task.Delay(20);
        }
    }
}
