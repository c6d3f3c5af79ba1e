using Magpie.Fuzz;

namespace Magpie.Fuzz.Tests;

/// <summary>
/// Replays every committed corpus file (seeds, and the inputs that once reproduced a finding) through the same fuzz
/// target code and oracles that scripts/fuzz runs under AFL++; no fuzzing, no AFL++ needed. A finding that comes back
/// fails here with the oracle's message.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> CorpusFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All.Keys)
        {
            foreach (var file in Directory.GetFiles(FuzzTargets.CorpusDirectory(target)).Order(StringComparer.Ordinal))
                data.Add(target, Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_file_passes_its_targets_oracles(string target, string file)
    {
        FuzzTargets.All[target](File.ReadAllBytes(Path.Combine(FuzzTargets.CorpusDirectory(target), file)));
    }

    [Fact]
    public void Every_target_has_a_committed_corpus()
    {
        foreach (var target in FuzzTargets.All.Keys)
            Assert.True(Directory.Exists(FuzzTargets.CorpusDirectory(target)) && Directory.GetFiles(FuzzTargets.CorpusDirectory(target)).Length > 0, target);
    }

    [Fact]
    public void The_oracles_report_a_broken_property()
    {
        // The harness itself: an oracle that fails must surface as a finding, not pass silently.
        Assert.Throws<FuzzFinding>(() => Oracle.Check(false, "broken"));
        Assert.Throws<FuzzFinding>(() => Oracle.Allow(new InvalidOperationException(), "here", typeof(ArgumentException)));
        Assert.Throws<FuzzFinding>(() => Oracle.Bounded(1, TimeSpan.FromMinutes(1), 0, 0, () => _ = new byte[1 << 20]));
    }
}
