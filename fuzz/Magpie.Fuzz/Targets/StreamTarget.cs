using System.Xml.Linq;
using Magpie.Xmpp;
using Magpie.Xmpp.Transport;
using Magpie.Xmpp.Xml;

namespace Magpie.Fuzz.Targets;

/// <summary>
/// The incremental stream reader (<see cref="XmppStreamReader"/> over its budget stream), fed in chunks. The first
/// byte picks the mode: bit 0 the read-thread (synchronous) or asynchronous parser, bits 1–7 the chunk sizes
/// (0: whole reads, else 1..n bytes). The rest is the stream as the server sends it.
/// Oracles: only <see cref="XmppProtocolException"/>s (restricted or malformed XML, a limit, a cut connection)
/// escape; every element read serialises with <see cref="XmppStreamWriter"/> (the reader lets no character through
/// that XML forbids) and reads back equal (write → read round trip); time and memory per input bounded.
/// </summary>
public static class StreamTarget
{
    // Small limits, so that the fuzzer reaches them.
    internal static readonly XmlLimits Limits = new() { MaxStanzaBytes = 16 * 1024, MaxDepth = 16, MaxAttributes = 16 };
    private const int MaxElements = 256;
    private static readonly Lazy<ReaderThread> Thread = new(() => new ReaderThread("fuzz-reader"));

    public static void Run(byte[] data)
    {
        if (data.Length < 1)
            return;
        var mode = data[0];
        var body = data[1..];
        Oracle.Bounded(data.Length, TimeSpan.FromSeconds(2), 8 << 20, 400, () =>
        {
            var elements = (mode & 1) == 0 ? Read(body, mode >> 1, null) : Thread.Value.InvokeAsync(() => Read(body, mode >> 1, Thread.Value)).GetAwaiter().GetResult();
            foreach (var element in elements)
                RoundTrip(element);
        });
    }

    /// <summary>Reads a whole stream; returns the elements read before it ended (cleanly or with a protocol error).</summary>
    internal static List<XElement> Read(byte[] bytes, int chunkSeed, ReaderThread? thread)
    {
        var elements = new List<XElement>();
        using var reader = new XmppStreamReader(new ChunkedStream(bytes, chunkSeed), Limits, thread);
        try
        {
            Wait(reader.ReadStreamHeaderAsync());
            while (elements.Count < MaxElements && Wait(reader.ReadElementAsync()) is { } element)
                elements.Add(element);
        }
        catch (Exception ex)
        {
            Oracle.Allow(ex, "XmppStreamReader", typeof(XmppProtocolException));
        }
        return elements;
    }

    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    /// <summary>Serialises an element as the client would send it and reads it back: the same tree must come out.</summary>
    internal static void RoundTrip(XElement element)
    {
        byte[] bytes;
        try
        {
            bytes = XmppStreamWriter.Serialize(element);
        }
        catch (Exception ex)
        {
            throw new FuzzFinding("an element the reader accepted does not serialise", ex);
        }
        // A stream without a default namespace, so that an element in no namespace reads back in none (the stream it
        // came from may have had no default namespace, or another one).
        var stream = new List<byte>();
        stream.AddRange("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>"u8.ToArray());
        stream.AddRange(bytes);
        stream.AddRange(XmppStreamWriter.StreamFooter.ToArray());
        var reader = new XmppStreamReader(new ChunkedStream([.. stream], 0), XmlLimits.Default);
        XElement? again;
        try
        {
            Wait(reader.ReadStreamHeaderAsync());
            again = Wait(reader.ReadElementAsync());
        }
        catch (Exception ex)
        {
            throw new FuzzFinding("an element we serialised does not read back", ex);
        }
        if (again is null || !XNode.DeepEquals(Normalise(element), Normalise(again)))
            throw new FuzzFinding($"write → read changed the element:\n  read:  {element}\n  again: {again}");
    }

    /// <summary>The tree as compared: adjacent text nodes merged (the reader appends text as it comes), and namespace
    /// declarations dropped (the reader drops them; the writer adds what the names need).</summary>
    private static XElement Normalise(XElement element)
    {
        var copy = new XElement(element.Name, element.Attributes().Where(a => !a.IsNamespaceDeclaration));
        var text = new System.Text.StringBuilder();
        foreach (var node in element.Nodes())
        {
            if (node is XText t)
            {
                text.Append(t.Value);
                continue;
            }
            if (text.Length > 0)
            {
                copy.Add(new XText(text.ToString()));
                text.Clear();
            }
            if (node is XElement child)
                copy.Add(Normalise(child));
        }
        if (text.Length > 0)
            copy.Add(new XText(text.ToString()));
        return copy;
    }
}
