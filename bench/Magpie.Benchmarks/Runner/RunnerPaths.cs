namespace Magpie.Benchmarks.Runner;

/// <summary>Where the contenders are: this program (Magpie's modes), Debian's Python with slixmpp, the
/// <c>magpie</c> app, go-sendxmpp, and where the results go.</summary>
public sealed record RunnerPaths(
    ProcessCommand Self,
    string Python,
    string SlixmppDirectory,
    ProcessCommand Magpie,
    string? GoSendXmpp,
    string Output,
    string? Label);
