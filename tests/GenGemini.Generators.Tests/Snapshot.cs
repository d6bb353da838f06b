using System.Runtime.CompilerServices;

namespace GenGemini.Generators.Tests;

/// <summary>
/// Golden-file snapshots: the expected text lives in Snapshots/NAME.verified.cs beside the tests.
/// A mismatch writes NAME.received.cs and fails; GENGEMINI_ACCEPT_SNAPSHOTS=1 accepts the new text
/// (never in CI: with CI=true it fails instead).
/// </summary>
internal static class Snapshot
{
    public static void Match(string actual, string name, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        var verified = Path.Combine(directory, name + ".verified.cs");
        var received = Path.Combine(directory, name + ".received.cs");
        actual = actual.ReplaceLineEndings("\n");

        if (Environment.GetEnvironmentVariable("GENGEMINI_ACCEPT_SNAPSHOTS") == "1")
        {
            // Accepting is a reviewer's act: in CI it would turn every snapshot test green unseen.
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "GENGEMINI_ACCEPT_SNAPSHOTS is set in CI: snapshots are accepted on a developer's machine, after review, never in CI.");
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified}; wrote {received}. Review it, then run with GENGEMINI_ACCEPT_SNAPSHOTS=1 to accept."
            : $"Generated source differs from {verified}; wrote {received}. Diff them; if the change is intended, run with GENGEMINI_ACCEPT_SNAPSHOTS=1.");
    }
}
