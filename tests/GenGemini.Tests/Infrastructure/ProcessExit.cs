using System.Diagnostics;

namespace GenGemini.Tests.Infrastructure;

/// <summary>Waiting for a process the tests started: a hung one is killed with its children, and the test fails by its name.</summary>
internal static class ProcessExit
{
    public static async Task WaitOrKillAsync(Process process, TimeSpan limit, Func<string> describe)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(describe());
        }
    }
}
