namespace Magpie.Benchmarks.Runner;

/// <summary>Medians over the parser rounds: throughput and allocations for each reader.</summary>
public sealed record ParserResult(
    long CorpusBytes,
    int Stanzas,
    double MagpieMBps,
    double XmlReaderMBps,
    double MagpieBytesPerStanza,
    double XmlReaderBytesPerStanza);
