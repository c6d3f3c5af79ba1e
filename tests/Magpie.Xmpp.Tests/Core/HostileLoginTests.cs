using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Tests.Core;

/// <summary>A server that turns hostile during login (before a session exists): the client ends the stream with the
/// stream error that fits, before its closing tag, and <see cref="XmppClient.ConnectAsync(CancellationToken)"/> throws
/// <see cref="XmppRestrictedXmlException"/>.</summary>
public sealed class HostileLoginTests
{
    private const string ClientHeader = "C: <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='example.com' from='juliet@example.com' xml:lang='en'>";
    private const string StreamAttributes = "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' from='example.com' id='s1' xml:lang='en'";
    private const string ServerHeader = "S: <?xml version='1.0'?><stream:stream " + StreamAttributes + ">";
    private const string PlainFeatures = "S: <stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    private const string PlainAuth = "C: <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{*}</auth>";

    /// <summary>The exchange up to the hostile input, which the server sends last.</summary>
    private static string Script(string kind) => kind switch
    {
        // RFC 6120 §11.6: UTF-8 only, whatever the declaration says.
        "declared-latin1" => $"{ClientHeader}\nS: <?xml version='1.0' encoding='ISO-8859-1'?><stream:stream {StreamAttributes}>\n{PlainFeatures}",
        "declared-utf16" => $"{ClientHeader}\nS: <?xml version='1.0' encoding='UTF-16'?><stream:stream {StreamAttributes}>\n{PlainFeatures}",
        "declared-unknown" => $"{ClientHeader}\nS: <?xml version='1.0' encoding=\"KOI8-R\"?><stream:stream {StreamAttributes}>",
        // RFC 6120 §11.1: no DTD, comment or processing instruction, during login as after it.
        "doctype-before-header" => $"{ClientHeader}\nS: <?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY x 'x'>]><stream:stream {StreamAttributes}>",
        "comment-before-features" => $"{ClientHeader}\n{ServerHeader}\nS: <!-- welcome -->{PlainFeatures[3..]}",
        "pi-in-features" => $"{ClientHeader}\n{ServerHeader}\nS: <stream:features><?magpie crash?></stream:features>",
        "comment-in-sasl" => $"{ClientHeader}\n{ServerHeader}\n{PlainFeatures}\n{PlainAuth}\nS: <success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><!-- x --></success>",
        "entity-in-bind" => $"{ClientHeader}\n{ServerHeader}\n{PlainFeatures}\n{PlainAuth}\nS: <success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>\n{ClientHeader}\n{ServerHeader}\n" +
            "S: <stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>\n" +
            "C: <iq type='set' id='{bind}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>balcony</resource></bind></iq>\n" +
            "S: <iq type='result' id='{bind}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>&xxe;</jid></bind></iq>",
        "wrong-version" => $"{ClientHeader}\nS: <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='0.9' from='example.com' id='s1'>",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [InlineData("declared-latin1", "unsupported-encoding")]
    [InlineData("declared-utf16", "unsupported-encoding")]
    [InlineData("declared-unknown", "unsupported-encoding")]
    [InlineData("doctype-before-header", "restricted-xml")]
    [InlineData("comment-before-features", "restricted-xml")]
    [InlineData("pi-in-features", "restricted-xml")]
    [InlineData("comment-in-sasl", "restricted-xml")]
    [InlineData("entity-in-bind", "restricted-xml")]
    [InlineData("wrong-version", "unsupported-version")]
    public async Task Hostile_input_during_login_gets_a_stream_error_before_the_closing_tag(string kind, string condition)
    {
        await using var stream = new ReplayStream(Transcript.Parse(Script(kind), kind)) { AllowTrailingClientOutput = true };
        await using var client = new XmppClient(new XmppClientOptions
        {
            Jid = ReplayHarness.Account,
            Password = "secret",
            IdGenerator = new SequentialStanzaIdGenerator(),
            ResponseTimeout = TimeSpan.FromSeconds(10),
        });

        var ex = await Assert.ThrowsAnyAsync<XmppProtocolException>(() =>
            client.ConnectAsync(stream, new XmppEndpoint("example.com", 5223, DirectTls: true), ReplayHarness.FakeTls));

        Assert.Equal(condition, ex.Condition);
        if (condition != "unsupported-version")
            Assert.IsType<XmppRestrictedXmlException>(ex);
        Assert.EndsWith($"<stream:error><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>",
            stream.AllWritten, StringComparison.Ordinal);
        Assert.Null(stream.Failure);
        Assert.False(client.IsConnected);
    }
}
