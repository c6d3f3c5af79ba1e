using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Extensions.MessageCorrection;

public sealed class CorrectionTests
{
    [Fact]
    public async Task Correction_is_sent_with_replace_and_received_one_is_raised()
    {
        CorrectionExtension? ext = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat' id='m2'><body>Hello, world!</body><replace xmlns='urn:xmpp:message-correct:0' id='m1'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='r2'><body>fixed</body><replace xmlns='urn:xmpp:message-correct:0' id='r1'/></message>
            """, configure: c => ext = c.Use(new CorrectionExtension()));
        var events = new EventAwaiter<CorrectionEventArgs>();
        ext!.CorrectionReceived += (_, e) => events.Add(e);
        var message = new Message(Jid.Parse("romeo@example.net"), "Hello, world!") { Id = "m2" };
        message.Set(new Replace("m1"));
        await session.Client.SendAsync(message);
        var received = Assert.Single(await events.WaitForAsync(1));
        Assert.Equal("r1", received.ReplaceId);
        Assert.Equal("fixed", received.Message.Body);
        Assert.Equal("romeo@example.net/orchard", received.From.ToString());
        Assert.Equal("r1", received.Message.Get<Replace>()?.Id);
        Assert.Contains(Replace.Namespace, session.Client.Router.Features);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public void Setting_a_replace_replaces_an_earlier_one_and_an_empty_id_is_refused()
    {
        var message = new Message(Jid.Parse("romeo@example.net"), "x");
        message.Set(new Replace("a"));
        message.Set(new Replace("b"));
        Assert.Equal("b", message.Get<Replace>()?.Id);
        Assert.Equal(2, message.Element.Elements().Count());
        Assert.Throws<ArgumentException>(() => new Replace(""));
    }
}
