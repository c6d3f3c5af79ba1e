using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Magpie.Xmpp.Xml;

namespace Magpie.Xmpp.Tests.Xml;

/// <summary>The stream reader as the client's read loop uses it over the thread pool: asynchronous reads. The
/// derived class runs every test again the way a dedicated read thread does.</summary>
public class XmppStreamReaderTests
{
    /// <summary>The reader under test; here one that reads asynchronously on the caller's thread.</summary>
    private protected virtual XmppStreamReader CreateReader(Stream stream, XmlLimits? limits) => new(stream, limits);

    private const string Header =
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' " +
        "from='example.com' id='s1' version='1.0' xml:lang='en'>";

    private const string Footer = "</stream:stream>";

    // A realistic server stream: features, keepalives, non-BMP text, escapes, CDATA, nested payloads.
    private const string Realistic = Header +
        "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>" +
        " \n\t \n" +
        "<message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m1' xml:lang='en'>" +
        "<body>Wherefore art thou 😀 𝄞 — &lt;&amp;&quot;&apos;&gt; &#x1F600;&#65;</body>" +
        "<thread>t&#233;</thread></message>" +
        " " +
        "<message from='romeo@example.net/orchard' type='chat' id='m2'><body><![CDATA[<b>not markup</b> & \"q\" 🐈]]> and after</body>" +
        "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'><p style='a&amp;b'>Hi <em>there</em> 𐍈</p></body></html></message>" +
        "\n\n" +
        "<presence from='nurse@example.com/chamber' xml:lang='de'><show>away</show><status>Weg 🐈‍⬛ ä</status>" +
        "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://magpie.example' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>" +
        "<iq type='result' id='r1' to='juliet@example.com/balcony'><query xmlns='jabber:iq:roster' ver='v1'>" +
        "<item jid='romeo@example.net' name='Rómeo 😀' subscription='both'><group>Friends</group><group>𝔉amily</group></item>" +
        "<item jid='nurse@example.com'/></query></iq>" +
        "<presence/>" +
        "\n" + Footer;

    private static readonly byte[] RealisticBytes = Encoding.UTF8.GetBytes(Realistic);

    private async Task<(XElement Header, List<XElement> Elements)> ReadAllAsync(Stream stream, XmlLimits? limits = null)
    {
        using var reader = CreateReader(stream, limits);
        var header = await reader.ReadStreamHeaderAsync();
        var elements = new List<XElement>();
        while (await reader.ReadElementAsync() is { } element)
            elements.Add(element);
        // After the footer the reader keeps answering null.
        Assert.Null(await reader.ReadElementAsync());
        return (header, elements);
    }

    private Task<(XElement Header, List<XElement> Elements)> ReadAllAsync(string xml, XmlLimits? limits = null) =>
        ReadAllAsync(ChunkedStream.Whole(Encoding.UTF8.GetBytes(xml)), limits);

    private async Task<XmppRestrictedXmlException> ExpectFailureAsync(string xml, string condition, XmlLimits? limits = null)
    {
        var ex = await Assert.ThrowsAsync<XmppRestrictedXmlException>(() => ReadAllAsync(xml, limits));
        // The message in the failure shows which check fired.
        Assert.True(condition == ex.Condition, $"expected {condition}, got {ex.Condition}: {ex.Message}");
        return ex;
    }

    private static List<string> Render(List<XElement> elements) => elements.ConvertAll(e => e.ToString(SaveOptions.DisableFormatting));

    // ---- 1. chunking ----

    [Fact]
    public async Task Realistic_stream_is_read_whole_with_the_expected_content()
    {
        var (header, elements) = await ReadAllAsync(ChunkedStream.Whole(RealisticBytes));

        Assert.Equal(XName.Get("stream", Namespaces.Streams), header.Name);
        Assert.Equal("s1", (string?)header.Attribute("id"));
        Assert.Empty(header.Nodes());
        Assert.Equal(["features", "message", "message", "presence", "iq", "presence"], elements.Select(e => e.Name.LocalName));
        XNamespace client = "jabber:client";
        Assert.Equal("Wherefore art thou 😀 𝄞 — <&\"'> 😀A", elements[1].Element(client + "body")!.Value);
        Assert.Equal("té", elements[1].Element(client + "thread")!.Value);
        Assert.Equal("en", (string?)elements[1].Attribute(XNamespace.Xml + "lang"));
        Assert.Equal("<b>not markup</b> & \"q\" 🐈 and after", elements[2].Element(client + "body")!.Value);
        XNamespace xhtml = "http://www.w3.org/1999/xhtml";
        Assert.Equal("a&b", (string?)elements[2].Descendants(xhtml + "p").Single().Attribute("style"));
        Assert.Equal("Hi there 𐍈", elements[2].Descendants(xhtml + "p").Single().Value);
        Assert.Equal("Weg 🐈‍⬛ ä", elements[3].Element(client + "status")!.Value);
        Assert.Equal("Rómeo 😀", (string?)elements[4].Descendants(XName.Get("item", "jabber:iq:roster")).First().Attribute("name"));
        Assert.True(elements[5].IsEmpty);
    }

    [Fact]
    public async Task Byte_by_byte_gives_the_same_elements_as_whole()
    {
        var whole = await ReadAllAsync(ChunkedStream.Whole(RealisticBytes));
        var bytes = await ReadAllAsync(ChunkedStream.ByteByByte(RealisticBytes));
        Assert.Equal(whole.Header.ToString(), bytes.Header.ToString());
        Assert.Equal(Render(whole.Elements), Render(bytes.Elements));
    }

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 50; seed++)
            seeds.Add(seed);
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_chunking_gives_the_same_elements_as_whole(int seed)
    {
        var whole = await ReadAllAsync(ChunkedStream.Whole(RealisticBytes));
        // Small seeds use tiny chunks, larger ones bigger chunks, so both short and long reads are covered.
        var chunked = await ReadAllAsync(ChunkedStream.Random(RealisticBytes, seed, maxChunk: seed <= 25 ? 7 : 300));
        Assert.Equal(whole.Header.ToString(), chunked.Header.ToString());
        Assert.Equal(Render(whole.Elements), Render(chunked.Elements));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Multibyte_character_split_across_reads_is_decoded(int split)
    {
        // 😀 is F0 9F 98 80; cut it after 1, 2 or 3 of its bytes.
        var bytes = RealisticBytes;
        var at = IndexOf(bytes, Encoding.UTF8.GetBytes("😀"));
        Assert.True(at > 0);
        var whole = await ReadAllAsync(ChunkedStream.Whole(bytes));
        var split1 = await ReadAllAsync(ChunkedStream.Sizes(bytes, at + split, 4 - split, 1));
        Assert.Equal(Render(whole.Elements), Render(split1.Elements));
        Assert.Contains("😀", split1.Elements[1].Value, StringComparison.Ordinal);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    // ---- 2. forbidden XML ----

    [Fact]
    public async Task Dtd_before_the_header_is_restricted_xml()
    {
        await ExpectFailureAsync("<?xml version='1.0'?><!DOCTYPE stream:stream>" + Header[21..] + Footer, "restricted-xml");
    }

    [Fact]
    public async Task Dtd_mid_stream_is_refused()
    {
        // After the root element opened a DOCTYPE cannot be a DTD any more; System.Xml calls it malformed,
        // the reader reports it as restricted XML.
        await ExpectFailureAsync(Header + "<presence/><!DOCTYPE foo [<!ENTITY x 'y'>]><presence/>" + Footer, "restricted-xml");
    }

    [Fact]
    public async Task Billion_laughs_is_refused_without_expansion()
    {
        var dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY lol0 'lol'>");
        for (var i = 1; i <= 9; i++)
            dtd.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} '{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}'>");
        dtd.Append("]>");
        var xml = dtd + Header[21..] + "<message><body>&lol9;</body></message>" + Footer;

        // The chunked stream completes reads synchronously, so the whole parse runs on this thread.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = await ExpectFailureAsync(xml, "restricted-xml");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.DoesNotContain("lollol", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Billion_laughs_reference_mid_stream_is_an_undeclared_entity()
    {
        await ExpectFailureAsync(Header + "<message><body>&lol9;</body></message>" + Footer, "restricted-xml");
    }

    [Fact]
    public async Task Undeclared_entity_is_restricted_xml()
    {
        await ExpectFailureAsync(Header + "<message><body>a &foo; b</body></message>" + Footer, "restricted-xml");
    }

    [Fact]
    public async Task Undeclared_entity_in_an_attribute_is_restricted_xml()
    {
        await ExpectFailureAsync(Header + "<message to='&foo;'/>" + Footer, "restricted-xml");
    }

    [Fact]
    public async Task External_entity_is_refused_and_nothing_is_fetched()
    {
        // file:// would be read if a resolver were used; the DTD is refused before that could happen.
        var xml = "<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY ext SYSTEM 'file:///etc/passwd'>]>" + Header[21..] +
                  "<message><body>&ext;</body></message>" + Footer;
        var ex = await ExpectFailureAsync(xml, "restricted-xml");
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!-- hi --><presence/>")]
    [InlineData("<presence/><!-- between stanzas -->")]
    [InlineData("<message><body>a<!-- inside -->b</body></message>")]
    public async Task Comment_is_restricted_xml(string body)
    {
        await ExpectFailureAsync(Header + body + Footer, "restricted-xml");
    }

    [Fact]
    public async Task Comment_before_the_header_is_restricted_xml()
    {
        await ExpectFailureAsync("<?xml version='1.0'?><!-- hi -->" + Header[21..] + Footer, "restricted-xml");
    }

    [Theory]
    [InlineData("<presence/><?magpie please?>")]
    [InlineData("<message><?magpie inside?><body/></message>")]
    public async Task Processing_instruction_is_restricted_xml(string body)
    {
        await ExpectFailureAsync(Header + body + Footer, "restricted-xml");
    }

    [Theory]
    [InlineData("<message><body>hi</message>")]                  // mismatched end tag
    [InlineData("<message to=juliet@example.com/>")]           // unquoted attribute
    [InlineData("<message to='a' to='b'/>")]                    // duplicate attribute
    [InlineData("<message to='a<b'/>")]                         // '<' in an attribute
    [InlineData("<message><body>a & b</body></message>")]       // bare ampersand
    [InlineData("<message><body>&#0;</body></message>")]        // reference to a forbidden character
    [InlineData("<message><body>\u0001</body></message>")]      // forbidden character
    [InlineData("<x:message/>")]                                // undeclared prefix
    [InlineData("<message></message></presence>")]              // end tag of nothing
    public async Task Malformed_xml_is_not_well_formed(string body)
    {
        await ExpectFailureAsync(Header + body + Footer, "not-well-formed");
    }

    public static TheoryData<string, string> NonUtf8Streams() => new()
    {
        // RFC 6120 §11.6: System.Xml would follow each of these to the named or detected encoding.
        { "utf-16 with byte order mark", "UTF-16" },
        { "utf-16 big-endian with byte order mark", "UTF-16" },
        { "utf-16 without byte order mark", "UTF-16 or UTF-32" },
        { "latin-1 declared", "ISO-8859-1" },
        { "utf-16 declared in single bytes", "UTF-16" },
        { "ascii declared with double quotes", "us-ascii" },
        { "utf-8 byte order mark with latin-1 declared", "ISO-8859-1" },
    };

    private static byte[] StreamIn(string kind)
    {
        var body = Header[21..] + "<presence/>" + Footer;
        return kind switch
        {
            "utf-16 with byte order mark" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Header + "<presence/>" + Footer)],
            "utf-16 big-endian with byte order mark" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(body)],
            "utf-16 without byte order mark" => Encoding.Unicode.GetBytes(body),
            "latin-1 declared" => Encoding.Latin1.GetBytes("<?xml version='1.0' encoding='ISO-8859-1'?>" + body),
            "utf-16 declared in single bytes" => Encoding.UTF8.GetBytes("<?xml version='1.0' encoding='UTF-16'?>" + body),
            "ascii declared with double quotes" => Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding = \"us-ascii\"?>" + body),
            "utf-8 byte order mark with latin-1 declared" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<?xml version='1.0' encoding='ISO-8859-1'?>" + body)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(NonUtf8Streams))]
    public async Task A_stream_in_another_encoding_than_utf8_is_unsupported_encoding(string kind, string named)
    {
        var ex = await Assert.ThrowsAsync<XmppRestrictedXmlException>(async () =>
        {
            using var reader = CreateReader(ChunkedStream.Whole(StreamIn(kind)), null);
            await reader.ReadStreamHeaderAsync();
            await reader.ReadElementAsync();
        });
        Assert.True(ex.Condition == "unsupported-encoding", $"expected unsupported-encoding, got {ex.Condition}: {ex.Message}");
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    // Found by fuzzing (fuzz/Magpie.Fuzz, target stream): bytes that are not UTF-8 in the declaration's version made
    // System.Xml's encoding switch throw ArgumentOutOfRangeException out of the reader when they came one at a time.
    [Fact]
    public async Task Bytes_that_break_the_parsers_encoding_switch_are_not_well_formed()
    {
        byte[] stream = [.. "<?xml version='1.0"u8, .. Enumerable.Repeat((byte)0x81, 34), .. "'?><stream:stream xmlns='t' xmlns:stream='http://etherx.jabber.org/streams'><m><body>"u8, 0, 0x80, 0, 0];
        var ex = await Assert.ThrowsAsync<XmppRestrictedXmlException>(async () =>
        {
            using var reader = CreateReader(ChunkedStream.ByteByByte(stream), null);
            await reader.ReadStreamHeaderAsync();
            await reader.ReadElementAsync();
        });
        Assert.Equal("not-well-formed", ex.Condition);
    }

    [Theory]
    [InlineData("<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>")]
    [InlineData("<?xml version='1.0'?><stream:stream xmlns:stream='urn:not:streams' xmlns='jabber:client'>")]
    [InlineData("<stream xmlns='jabber:client'>")]
    public async Task Wrong_root_is_invalid_namespace(string root)
    {
        var ex = await Assert.ThrowsAsync<XmppRestrictedXmlException>(async () =>
        {
            using var reader = new XmppStreamReader(ChunkedStream.Whole(Encoding.UTF8.GetBytes(root)));
            await reader.ReadStreamHeaderAsync();
        });
        Assert.Equal("invalid-namespace", ex.Condition);
    }

    [Theory]
    [InlineData("hello<presence/>")]
    [InlineData("<presence/> x <presence/>")]
    [InlineData("<presence/><![CDATA[data]]>")]
    public async Task Text_between_stanzas_is_not_well_formed(string body)
    {
        await ExpectFailureAsync(Header + body + Footer, "not-well-formed");
    }

    [Fact]
    public async Task Predefined_entities_and_character_references_are_accepted()
    {
        var (_, elements) = await ReadAllAsync(Header +
            "<message id='&lt;&gt;&amp;&apos;&quot;&#x1F600;'><body>&lt;&gt;&amp;&apos;&quot; &#x1F600; &#128512; &#xE9;</body></message>" + Footer);
        var message = Assert.Single(elements);
        Assert.Equal("<>&'\"😀", (string?)message.Attribute("id"));
        Assert.Equal("<>&'\" 😀 😀 é", message.Value);
    }

    [Fact]
    public async Task Connection_closed_without_footer_is_a_connection_error()
    {
        await Assert.ThrowsAsync<XmppConnectionException>(() => ReadAllAsync(Header + "<presence/>"));
        await Assert.ThrowsAsync<XmppConnectionException>(() => ReadAllAsync(Header + "<message><body>cut"));
        await Assert.ThrowsAsync<XmppConnectionException>(() => ReadAllAsync(""));
    }

    // ---- 3. limits ----

    private static readonly XmlLimits Small = new() { MaxStanzaBytes = 10_000, MaxDepth = 8, MaxAttributes = 8 };

    private static string MessageOfSize(int bytes, char fill = 'a')
    {
        const string open = "<message><body>", close = "</body></message>";
        return open + new string(fill, bytes - open.Length - close.Length) + close;
    }

    [Fact]
    public async Task Stanza_over_the_byte_limit_is_a_policy_violation()
    {
        await ExpectFailureAsync(Header + MessageOfSize(50_000) + Footer, "policy-violation", Small);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public async Task Stanza_three_times_the_limit_is_refused_whatever_the_chunking(int chunk)
    {
        // The parser's read-ahead must not turn the limit into "limit + 64 KiB".
        var bytes = Encoding.UTF8.GetBytes(Header + "<presence/>" + MessageOfSize(30_000) + Footer);
        var ex = await Assert.ThrowsAsync<XmppRestrictedXmlException>(() => ReadAllAsync(new ChunkedStream(bytes, () => chunk), Small));
        Assert.Equal("policy-violation", ex.Condition);
    }

    [Fact]
    public async Task Long_whitespace_run_between_stanzas_is_a_keepalive()
    {
        // Longer than the parser's buffer, so System.Xml hands it over as a Text node.
        var (_, elements) = await ReadAllAsync(Header + "<presence/>" + new string(' ', 100_000) + "\n\t<presence/>" + Footer);
        Assert.Equal(2, elements.Count);
    }

    [Fact]
    public async Task Attribute_over_the_byte_limit_is_a_policy_violation()
    {
        await ExpectFailureAsync(Header + $"<message id='{new string('i', 50_000)}'/>" + Footer, "policy-violation", Small);
    }

    [Fact]
    public async Task Whitespace_flood_between_stanzas_is_a_policy_violation()
    {
        // Keepalives are fine, but one "keepalive" of megabytes would be buffered whole.
        await ExpectFailureAsync(Header + "<presence/>" + new string(' ', 200_000) + "<presence/>" + Footer, "policy-violation", Small);
    }

    [Fact]
    public async Task Endless_stanza_fails_early_with_bounded_reading()
    {
        // 100 MB generated lazily: "<message><body>aaaa…" never closes.
        var prefix = Encoding.UTF8.GetBytes(Header + "<message><body>");
        var filler = new byte[64 * 1024];
        filler.AsSpan().Fill((byte)'a');
        const long length = 100L * 1024 * 1024;
        var stream = new ChunkedStream(length, (offset, max) => offset < prefix.Length
            ? prefix.AsMemory((int)offset, Math.Min(max, prefix.Length - (int)offset))
            : filler.AsMemory(0, Math.Min(max, filler.Length)), () => int.MaxValue);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = await Assert.ThrowsAsync<XmppRestrictedXmlException>(() => ReadAllAsync(stream, Small));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("policy-violation", ex.Condition);
        Assert.True(stream.BytesServed < Small.MaxStanzaBytes + 128 * 1024, $"read {stream.BytesServed} bytes");
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Stanza_just_under_the_byte_limit_passes()
    {
        var (_, elements) = await ReadAllAsync(Header + MessageOfSize(9_900) + Footer, Small);
        Assert.Equal(9_900 - 32, Assert.Single(elements).Value.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public async Task Many_stanzas_each_under_the_limit_pass(int chunk)
    {
        // 300 × 9.9 kB is far beyond one budget: it must reset for every stanza, whatever the reads look like.
        var xml = new StringBuilder(Header);
        for (var i = 0; i < 300; i++)
            xml.Append(MessageOfSize(9_900, (char)('a' + (i % 26)))).Append(i % 3 == 0 ? " " : "");
        xml.Append(Footer);
        var (_, elements) = await ReadAllAsync(new ChunkedStream(Encoding.UTF8.GetBytes(xml.ToString()), () => chunk), Small);
        Assert.Equal(300, elements.Count);
        Assert.Equal(new string('z', 9_900 - 32), elements[25].Value);
    }

    private static string Nested(int levels)
    {
        // levels = 1 is the stanza alone; each further level is one element deeper.
        var sb = new StringBuilder("<message>");
        for (var i = 1; i < levels; i++)
            sb.Append("<x>");
        for (var i = 1; i < levels; i++)
            sb.Append("</x>");
        return sb.Append("</message>").ToString();
    }

    [Fact]
    public async Task Nesting_at_the_depth_limit_passes()
    {
        var (_, elements) = await ReadAllAsync(Header + Nested(Small.MaxDepth) + Footer, Small);
        Assert.Equal(Small.MaxDepth, Assert.Single(elements).DescendantsAndSelf().Count());
    }

    [Fact]
    public async Task Nesting_over_the_depth_limit_is_a_policy_violation()
    {
        await ExpectFailureAsync(Header + Nested(Small.MaxDepth + 1) + Footer, "policy-violation", Small);
    }

    [Fact]
    public async Task Deep_nesting_attack_fails_at_the_limit_not_at_the_end()
    {
        // 100 000 open tags that never close: refused by depth, long before the bytes run out.
        await ExpectFailureAsync(Header + "<message>" + string.Concat(Enumerable.Repeat("<x>", 100_000)), "policy-violation", Small with { MaxStanzaBytes = 10_000_000 });
    }

    private static string WithAttributes(int count) =>
        "<message " + string.Join(' ', Enumerable.Range(0, count).Select(i => $"a{i}='{i}'")) + "/>";

    [Fact]
    public async Task Attributes_at_the_limit_pass()
    {
        var (_, elements) = await ReadAllAsync(Header + WithAttributes(Small.MaxAttributes) + $"<message><x {WithAttributes(Small.MaxAttributes)[9..^2]}/></message>" + Footer, Small);
        Assert.Equal(Small.MaxAttributes, elements[0].Attributes().Count());
        Assert.Equal(Small.MaxAttributes, elements[1].Elements().Single().Attributes().Count());
    }

    [Fact]
    public async Task Attributes_over_the_limit_are_a_policy_violation()
    {
        await ExpectFailureAsync(Header + WithAttributes(Small.MaxAttributes + 1) + Footer, "policy-violation", Small);
        await ExpectFailureAsync(Header + $"<message><x {WithAttributes(Small.MaxAttributes + 1)[9..^2]}/></message>" + Footer, "policy-violation", Small);
    }

    [Fact]
    public async Task Namespace_declarations_count_as_attributes()
    {
        var declarations = string.Join(' ', Enumerable.Range(0, Small.MaxAttributes + 1).Select(i => $"xmlns:p{i}='urn:p{i}'"));
        await ExpectFailureAsync(Header + $"<message {declarations}/>" + Footer, "policy-violation", Small);
    }
}
