namespace Magpie.Benchmarks.Runner;

/// <summary>Medians over the parser rounds: throughput (MB/s) and allocations per stanza of each benchmark,
/// by its method name in <see cref="ParserBenchmarks"/>.</summary>
public sealed record ParserResult(
    long CorpusBytes,
    int Stanzas,
    IReadOnlyDictionary<string, double> MBps,
    IReadOnlyDictionary<string, double> BytesPerStanza);
