using Magpie.Testing.Replay;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Extensions.StanzaIds;

public sealed class StanzaIdsTests
{
    [Fact]
    public async Task Outgoing_messages_get_an_origin_id_equal_to_their_id()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat' id='{m}'><body>hi</body><origin-id xmlns='urn:xmpp:sid:0' id='{m}'/></message>
            C: <message to='romeo@example.net' type='chat' id='mine'><body>again</body><origin-id xmlns='urn:xmpp:sid:0' id='mine'/></message>
            """, configure: c => c.Use(new StanzaIdsExtension()));
        await session.Client.SendAsync(new Message(Jid.Parse("romeo@example.net"), "hi"));
        await session.Client.SendAsync(new Message(Jid.Parse("romeo@example.net"), "again") { Id = "mine" });
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Option_off_sends_no_origin_id()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat'><body>hi</body></message>
            """, configure: c => c.Use(new StanzaIdsExtension { AddOriginId = false }));
        await session.Client.SendAsync(new Message(Jid.Parse("romeo@example.net"), "hi"));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Received_stanza_id_is_trusted_only_from_the_given_jid()
    {
        StanzaIdsExtension? ids = null;
        var received = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='x'><body>hi</body><stanza-id xmlns='urn:xmpp:sid:0' by='romeo@example.net' id='forged'/><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='archive-1'/><origin-id xmlns='urn:xmpp:sid:0' id='o-1'/></message>
            """, configure: c =>
            {
                ids = c.Use(new StanzaIdsExtension());
                c.MessageReceived += (_, m) => received.TrySetResult(m);
            });
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("archive-1", MessageIds.GetStanzaId(message, Jid.Parse("juliet@example.com")));
        Assert.Equal("forged", MessageIds.GetStanzaId(message, Jid.Parse("romeo@example.net")));
        Assert.Null(MessageIds.GetStanzaId(message, Jid.Parse("mallory@evil.example")));
        Assert.Equal("archive-1", ids!.GetArchiveId(message));
        Assert.Equal("o-1", MessageIds.GetOriginId(message));
        Assert.Contains(MessageIds.Namespace, session.Client.Router.Features);
    }

    [Fact]
    public void EnsureOriginId_keeps_an_existing_one()
    {
        var message = new Message(Jid.Parse("romeo@example.net"), "x") { Id = "a" };
        Assert.Equal("a", MessageIds.EnsureOriginId(message));
        message.Id = "b";
        Assert.Equal("a", MessageIds.EnsureOriginId(message));
        Assert.Single(message.Element.Elements(System.Xml.Linq.XName.Get("origin-id", MessageIds.Namespace)));
    }
}
