using System.Text;
using System.Xml.Linq;
using Magpie.Xmpp.Xml;

namespace Magpie.Xmpp.Tests.Xml;

public sealed class XmppStreamWriterTests
{
    private static readonly XNamespace Client = "jabber:client";

    private static XElement Message(string body, string id = "m1") =>
        new(Client + "message", new XAttribute("id", id), new XAttribute("type", "chat"), new XElement(Client + "body", body));

    // Parses serialised bytes the way a peer would: inside a stream, with our own reader.
    private static async Task<XElement> ParseBackAsync(byte[] bytes)
    {
        var stream = new MemoryStream();
        stream.Write(XmppStreamWriter.StreamHeader("example.com", "juliet@example.com"));
        stream.Write(bytes);
        stream.Write(XmppStreamWriter.StreamFooter.Span);
        using var reader = new XmppStreamReader(ChunkedStream.Whole(stream.ToArray()));
        await reader.ReadStreamHeaderAsync();
        var element = await reader.ReadElementAsync();
        Assert.NotNull(element);
        Assert.Null(await reader.ReadElementAsync());
        return element;
    }

    // Code units as hex: the test runner may re-encode theory strings, which would mend lone surrogates.
    public static TheoryData<string, string> InvalidCharacters() => new()
    {
        { "0000", "U+0000" },
        { "0001", "U+0001" },
        { "001F", "U+001F" },
        { "FFFE", "U+FFFE" },
        { "FFFF", "U+FFFF" },
        { "D800", "U+D800" },               // lone high surrogate
        { "DC00", "U+DC00" },               // lone low surrogate
        { "DE00 D83D", "U+DE00" },          // a pair in the wrong order
        { "D83D DE00 D83D", "U+D83D" },     // 😀, then a high surrogate at the very end
    };

    private static string Units(string hex) =>
        string.Concat(hex.Split(' ').Select(h => (char)Convert.ToUInt16(h, 16)));

    [Theory]
    [MemberData(nameof(InvalidCharacters))]
    public void Invalid_character_in_text_is_refused_naming_the_code_point(string bad, string codePoint)
    {
        var ex = Assert.Throws<XmlCharacterException>(() => XmppStreamWriter.Serialize(Message("hello " + Units(bad) + " world")));
        Assert.Contains(codePoint, ex.Message, StringComparison.Ordinal);
        Assert.Contains("body", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidCharacters))]
    public void Invalid_character_in_an_attribute_is_refused_naming_the_code_point(string bad, string codePoint)
    {
        var ex = Assert.Throws<XmlCharacterException>(() => XmppStreamWriter.Serialize(Message("fine", id: "id" + Units(bad))));
        Assert.Contains(codePoint, ex.Message, StringComparison.Ordinal);
        Assert.Contains("@id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_character_deep_in_a_payload_is_refused_and_nothing_is_written()
    {
        var element = Message("ok");
        element.Add(new XElement(XName.Get("x", "urn:example"), new XElement(XName.Get("y", "urn:example"), new XAttribute("v", "a\u0008"))));
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var ex = Assert.Throws<XmlCharacterException>(() => XmppStreamWriter.Serialize(element, output));
        Assert.Contains("U+0008", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void FindInvalidCharacter_is_null_for_valid_text()
    {
        Assert.Null(XmppStreamWriter.FindInvalidCharacter(Message("tab\tnewline\ncr\r 😀 \uFFFD \uE000 \U0010FFFD")));
    }

    [Theory]
    [InlineData("😀🐈‍⬛𝄞")]
    [InlineData("a\U0010FFFDb")]
    [InlineData("<&>\"' ]]> &amp; text")]
    [InlineData("ünïcödé — ∑")]
    [InlineData("tab\there")]
    public async Task Valid_text_round_trips(string text)
    {
        var element = Message(text, id: "id " + text);
        var parsed = await ParseBackAsync(XmppStreamWriter.Serialize(element));
        Assert.Equal(text, parsed.Element(Client + "body")!.Value);
        Assert.Equal("id " + text, (string?)parsed.Attribute("id"));
        Assert.True(XNode.DeepEquals(element, parsed), $"{element}\n{parsed}");
    }

    [Theory]
    [InlineData("line1\r\nline2")]
    [InlineData("cr\ronly")]
    [InlineData("lf\nonly\n")]
    [InlineData("a\tb\nc")]
    public async Task Line_breaks_and_tabs_round_trip_in_text_and_attributes(string text)
    {
        // A parser normalises raw CR and CRLF to LF, and raw tabs and line breaks in attributes to spaces:
        // the writer must escape them or the peer gets different text than we sent.
        var parsed = await ParseBackAsync(XmppStreamWriter.Serialize(Message(text, id: text)));
        Assert.Equal(text, parsed.Element(Client + "body")!.Value);
        Assert.Equal(text, (string?)parsed.Attribute("id"));
    }

    [Fact]
    public async Task Empty_text_round_trips_as_empty()
    {
        var parsed = await ParseBackAsync(XmppStreamWriter.Serialize(Message("", id: "")));
        Assert.Equal("", parsed.Element(Client + "body")!.Value);
        Assert.Equal("", (string?)parsed.Attribute("id"));
    }

    [Fact]
    public void Output_is_utf8_without_bom_or_declaration()
    {
        var bytes = XmppStreamWriter.Serialize(Message("😀 é"));
        Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "starts with a BOM");
        Assert.Equal((byte)'<', bytes[0]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.StartsWith("<message", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<?xml", text, StringComparison.Ordinal);
        // Non-BMP characters go out as UTF-8, not as character references.
        Assert.Contains("😀 é", text, StringComparison.Ordinal);
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("😀")) >= 0);
    }

    [Fact]
    public async Task Nested_namespaced_payload_parses_back_equal()
    {
        XNamespace html = "http://jabber.org/protocol/xhtml-im", xhtml = "http://www.w3.org/1999/xhtml";
        var element = Message("hi 😀");
        element.Add(new XElement(html + "html", new XElement(xhtml + "body",
            new XElement(xhtml + "p", new XAttribute("style", "a&b<c"), "Hi ", new XElement(xhtml + "em", "there")))));
        element.SetAttributeValue(XNamespace.Xml + "lang", "en");
        var bytes = XmppStreamWriter.Serialize(element);
        var parsed = await ParseBackAsync(bytes);
        Assert.True(XNode.DeepEquals(element, parsed), $"{element}\n{parsed}");
    }

    [Fact]
    public async Task Stream_header_escapes_its_attributes()
    {
        var header = XmppStreamWriter.StreamHeader("exa'mple<&\".com", null, "en");
        using var reader = new XmppStreamReader(ChunkedStream.Whole([.. header, .. XmppStreamWriter.StreamFooter.Span]));
        var parsed = await reader.ReadStreamHeaderAsync();
        Assert.Equal("exa'mple<&\".com", (string?)parsed.Attribute("to"));
        Assert.Null(parsed.Attribute("from"));
        Assert.Null(await reader.ReadElementAsync());
    }
}
