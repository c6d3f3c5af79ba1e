using System.Xml;
using BenchmarkDotNet.Attributes;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Xml;

namespace Magpie.Benchmarks;

/// <summary>Magpie's stream reader into typed stanzas, against a bare XmlReader pass over the same bytes
/// (the ceiling). Report MB/s from the mean and the allocations per stanza.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private byte[] _corpus = [];

    [GlobalSetup]
    public void Setup() => _corpus = StreamCorpus.Generate();

    [Benchmark(Baseline = true)]
    public async Task<int> BareXmlReader()
    {
        using var stream = new MemoryStream(_corpus, writable: false);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit });
        var count = 0;
        while (await reader.ReadAsync())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                count++;
        }
        return count;
    }

    [Benchmark]
    public async Task<int> MagpieStreamReader()
    {
        using var stream = new MemoryStream(_corpus, writable: false);
        using var reader = new XmppStreamReader(stream);
        await reader.ReadStreamHeaderAsync();
        var count = 0;
        while (await reader.ReadElementAsync() is { } element)
        {
            if (Stanza.FromElement(element) is not null)
                count++;
        }
        return count;
    }
}
