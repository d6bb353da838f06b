using System.Diagnostics;

namespace GenGemini.Tests.Infrastructure;

/// <summary>The test infrastructure's children die with the test process, whichever thread started them.</summary>
public class ChildProcessesTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_child_is_killed_when_the_test_process_ends()
    {
        Assert.True(ChildProcesses.DieWithTests, "util-linux's setpriv is missing: children would outlive a killed test run.");

        // PR_GET_PDEATHSIG (2): the signal the kernel sends the child when its parent ends.
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-c", "import ctypes; s = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(s)); print(s.value)"])
        {
            start.ArgumentList.Add(argument);
        }

        using var child = ChildProcesses.Start(start);
        var output = await child.StandardOutput.ReadToEndAsync().WaitAsync(Limit);
        await child.WaitForExitAsync().WaitAsync(Limit);
        Assert.Equal("9", output.Trim()); // SIGKILL
    }

    [Fact]
    public async Task A_child_outlives_the_thread_that_asked_for_it()
    {
        // The signal follows the thread that forked the child: a child started on a thread that then
        // ends would be killed at once, in the middle of its test.
        Process? child = null;
        var thread = new Thread(() => child = ChildProcesses.Start(new ProcessStartInfo("sleep", ["30"]) { UseShellExecute = false }));
        thread.Start();
        Assert.True(thread.Join(Limit));
        using var running = child!;
        try
        {
            var exited = running.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAsync<TimeoutException>(() => exited);
        }
        finally
        {
            running.Kill();
            await running.WaitForExitAsync().WaitAsync(Limit);
        }
    }
}
