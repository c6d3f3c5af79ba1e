using System.Xml;
using BenchmarkDotNet.Attributes;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Transport;
using Magpie.Xmpp.Xml;

namespace Magpie.Benchmarks;

/// <summary>Magpie's stream reader into typed stanzas, against a bare XmlReader pass over the same bytes
/// (the ceiling), in both of the reader's modes: synchronous on a connection's read thread (the default) and
/// asynchronous (<c>DedicatedReadThread = false</c>), each against the bare reader in the same mode.
/// Report MB/s from the median and the allocations per stanza.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private byte[] _corpus = [];
    private ReaderThread? _thread;

    [GlobalSetup]
    public void Setup()
    {
        _corpus = StreamCorpus.Generate();
        _thread = new ReaderThread("bench reader");
    }

    [GlobalCleanup]
    public void Cleanup() => _thread?.Complete();

    [Benchmark]
    public int BareXmlReader()
    {
        using var stream = new MemoryStream(_corpus, writable: false);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var count = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                count++;
        }
        return count;
    }

    /// <summary>The default: every read on the connection's read thread, synchronously.</summary>
    [Benchmark]
    public Task<int> MagpieStreamReader() => _thread!.InvokeAsync(() =>
    {
        using var stream = new MemoryStream(_corpus, writable: false);
        using var reader = new XmppStreamReader(stream, null, _thread);
        ReaderThread.Result(reader.ReadStreamHeaderAsync());
        var count = 0;
        while (ReaderThread.Result(reader.ReadElementAsync()) is { } element)
        {
            if (Stanza.FromElement(element) is not null)
                count++;
        }
        return count;
    });

    [Benchmark]
    public async Task<int> BareXmlReaderAsync()
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

    /// <summary>Reading on the thread pool (<c>DedicatedReadThread = false</c>).</summary>
    [Benchmark]
    public async Task<int> MagpieStreamReaderAsync()
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
