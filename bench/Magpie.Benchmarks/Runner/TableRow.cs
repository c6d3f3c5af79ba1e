namespace Magpie.Benchmarks.Runner;

/// <summary>One line of the results table. Cells are preformatted text; "—" where a contender does not apply.</summary>
public sealed record TableRow(
    string Scenario,
    string Figure,
    string Magpie,
    string Slixmpp,
    string Other,
    string Ratio,
    string Target,
    string Verdict);
