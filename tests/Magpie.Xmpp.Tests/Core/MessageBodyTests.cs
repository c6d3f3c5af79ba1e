using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Core;

public sealed class MessageBodyTests
{
    [Fact]
    public async Task Body_with_a_character_xml_forbids_is_refused_and_nothing_is_written()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat'><body>after</body></message>
            """);
        var before = session.Stream.AllWritten;
        var ex = await Assert.ThrowsAsync<Magpie.Xmpp.Xml.XmlCharacterException>(() => session.Client.SendAsync(new Message(Jid.Parse("romeo@example.net"), "a\u0001b")));
        Assert.Contains("U+0001", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(('\u0001', 1, "body"), (ex.Character, ex.Position, ex.Location));
        Assert.Equal(before, session.Stream.AllWritten);
        // The session is unharmed: the next message goes out, and it is the only one written.
        await session.Client.SendAsync(new Message(Jid.Parse("romeo@example.net"), "after"));
        await session.AssertCompleteAsync();
        Assert.DoesNotContain("a\u0001b", session.Stream.AllWritten, StringComparison.Ordinal);
    }

    [Fact]
    public void Carriage_return_is_written_as_a_character_reference_so_it_survives_parsing()
    {
        var message = new Message(Jid.Parse("romeo@example.net"), "a\r\nb\rc");
        var xml = System.Text.Encoding.UTF8.GetString(Magpie.Xmpp.Xml.XmppStreamWriter.Serialize(message.Element));
        Assert.Contains("a&#xD;\nb&#xD;c", xml, StringComparison.Ordinal);
        var parsed = new Message(System.Xml.Linq.XElement.Parse(xml));
        Assert.Equal("a\r\nb\rc", parsed.Body);
    }

    [Fact]
    public async Task Body_keeps_markup_characters_newlines_and_non_bmp_characters()
    {
        const string body = "<b>&amp; \"quotes\" 'apos'\r\nline2\n😀 𝄞";
        var received = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>&lt;b&gt;&amp;amp; "quotes" 'apos'&#xD;
            line2
            😀 𝄞</body></message>
            """, configure: c => c.MessageReceived += (_, m) => received.TrySetResult(m));
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(body, message.Body);
    }
}
