using GenGemini.Fuzz;

namespace GenGemini.Tests.Fuzzing;

/// <summary>
/// Every input in fuzz/corpus (seeds, and what AFL++ found interesting or crashing) through the
/// same targets and invariants the fuzzers run: a finding that is committed stays fixed.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string> Targets => new(FuzzTargets.All.Keys);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_corpus_input_keeps_the_targets_invariants(string target)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "fuzz-corpus", target);
        var files = Directory.GetFiles(directory);
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                FuzzTargets.All[target](File.ReadAllBytes(file));
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(file)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_harness_reports_a_broken_invariant_and_accepts_a_kept_one()
    {
        Assert.Throws<FuzzTargets.InvariantException>(() => FuzzTargets.Check(false, "probe"));
        // A duplicate name is refused by the builder, which is what the invariant expects.
        FuzzTargets.All["scgi-header"]("NAME\0value\0NAME\0again\0"u8.ToArray());
    }
}
