using System.Collections.Concurrent;
using System.Diagnostics;

namespace GenGemini.Tests.Infrastructure;

/// <summary>
/// Every process a test starts (backends, HAProxy, samples, clients), started so that it dies with
/// the test process, however that ends: a test host killed by a time-out, by the mutation tester
/// or by hand leaves no backend, proxy or client behind. Each child gets a parent-death signal
/// (SIGKILL, through util-linux's <c>setpriv --pdeathsig</c>, which then runs the program in its own
/// place). The kernel sends that signal when the <em>thread</em> that started the child ends, and
/// the thread pool's threads come and go, so every child is started from one thread that lives as
/// long as the test process.
/// </summary>
internal static class ChildProcesses
{
    private const string SetPriv = "/usr/bin/setpriv";

    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];

    private static readonly Thread Starter = StartStarter();

    /// <summary>True when children get the parent-death signal (util-linux is there).</summary>
    public static bool DieWithTests { get; } = File.Exists(SetPriv);

    /// <summary>Starts <paramref name="start"/> as a child that dies with the test process.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (!Starter.IsAlive)
        {
            throw new InvalidOperationException("The thread that starts children has ended.");
        }

        // Waited for here, on the caller's thread: nothing has to run on the thread pool to end the wait.
        var started = new TaskCompletionSource<Process>();
        Requests.Add((DieWithTests ? WithDeathSignal(start) : start, started));
        if (!((IAsyncResult)started.Task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException(start.FileName + " was not started within 30 s.");
        }

        return started.Task.GetAwaiter().GetResult();
    }

    /// <summary>The same start, through setpriv: the program, its arguments, its environment, directory and redirections unchanged.</summary>
    private static ProcessStartInfo WithDeathSignal(ProcessStartInfo start)
    {
        if (start.UseShellExecute || !string.IsNullOrEmpty(start.Arguments))
        {
            throw new ArgumentException("Start a child without a shell, its arguments in ArgumentList.", nameof(start));
        }

        string[] arguments = ["--pdeathsig", "KILL", "--", start.FileName, .. start.ArgumentList];
        start.ArgumentList.Clear();
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.FileName = SetPriv;
        return start;
    }

    private static Thread StartStarter()
    {
        var thread = new Thread(() =>
        {
            foreach (var (start, started) in Requests.GetConsumingEnumerable())
            {
                try
                {
                    started.SetResult(Process.Start(start) ?? throw new InvalidOperationException(start.FileName + " did not start."));
                }
                catch (Exception e)
                {
                    started.SetException(e);
                }
            }
        })
        {
            IsBackground = true,
            Name = "Child process starter",
        };
        thread.Start();
        return thread;
    }
}
