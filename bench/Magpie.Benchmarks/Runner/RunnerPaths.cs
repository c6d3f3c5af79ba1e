namespace Magpie.Benchmarks.Runner;

/// <summary>Where the contenders are: this program (Magpie's modes), Debian's Python with slixmpp, the
/// <c>magpie</c> app as <c>./magpie</c> runs it (JIT) and, when it could be built, as Native AOT, go-sendxmpp,
/// and where the results go.</summary>
public sealed record RunnerPaths(
    ProcessCommand Self,
    string Python,
    string SlixmppDirectory,
    ProcessCommand Magpie,
    ProcessCommand? MagpieAot,
    string? GoSendXmpp,
    string Output,
    string? Label)
{
    /// <summary>The <c>./magpie</c> wrapper at the repository root, run as a user runs it (verbs rows).</summary>
    public ProcessCommand? Wrapper { get; init; }

    /// <summary>Debian's profanity, the idle-CPU anchor for the full-screen client.</summary>
    public string? Profanity { get; init; }
}
