using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Extensions.StanzaIds;

public sealed class StanzaIdsTests
{
    /// <summary>What the extension asks our account as a session starts, and an answer advertising XEP-0359.</summary>
    private const string OwnDisco = """
        C: <iq type='get' to='juliet@example.com' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
        S: <iq type='result' id='{d1}' from='juliet@example.com'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='account' type='registered'/><feature var='urn:xmpp:sid:0'/></query></iq>
        """;

    [Fact]
    public async Task Outgoing_messages_get_an_origin_id_equal_to_their_id()
    {
        await using var session = await ReplayHarness.ConnectAsync(OwnDisco + """

            C: <message to='romeo@example.net' type='chat' id='{m}'><body>hi</body><origin-id xmlns='urn:xmpp:sid:0' id='{m}'/></message>
            C: <message to='romeo@example.net' type='chat' id='mine'><body>again</body><origin-id xmlns='urn:xmpp:sid:0' id='mine'/></message>
            """, configure: c => c.Use(new StanzaIdsExtension()));
        await session.Client.GetExtension<StanzaIdsExtension>()!.SupportsStanzaIdsAsync(ReplayHarness.Account);
        await session.Client.SendAsync(new Message(Jid.Parse("romeo@example.net"), "hi"));
        await session.Client.SendAsync(new Message(Jid.Parse("romeo@example.net"), "again") { Id = "mine" });
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Option_off_sends_no_origin_id()
    {
        await using var session = await ReplayHarness.ConnectAsync(OwnDisco + """

            C: <message to='romeo@example.net' type='chat'><body>hi</body></message>
            """, configure: c => c.Use(new StanzaIdsExtension { AddOriginId = false }));
        await session.Client.GetExtension<StanzaIdsExtension>()!.SupportsStanzaIdsAsync(ReplayHarness.Account);
        await session.Client.SendAsync(new Message(Jid.Parse("romeo@example.net"), "hi"));
        await session.AssertCompleteAsync();
    }

    private sealed class Inbox
    {
        private readonly List<Message> _messages = [];
        private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _expected;

        public Inbox(XmppClient client, int expected)
        {
            _expected = expected;
            client.MessageReceived += (_, m) =>
            {
                lock (_messages)
                {
                    _messages.Add(m);
                    if (_messages.Count >= _expected)
                        _enough.TrySetResult();
                }
            };
        }

        public async Task<IReadOnlyList<Message>> WaitAsync()
        {
            await _enough.Task.WaitAsync(TimeSpan.FromSeconds(10));
            lock (_messages)
                return [.. _messages];
        }
    }

    [Fact]
    public async Task Only_the_last_stanza_id_by_our_own_account_is_trusted_once_it_advertises_sid0()
    {
        StanzaIdsExtension? ids = null;
        Inbox? inbox = null;
        // Prosody 0.12 relays a stanza-id forged in our name ahead of its own; the sender's and a stranger's prove nothing.
        await using var session = await ReplayHarness.ConnectAsync(OwnDisco + """

            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='x'><body>hi</body><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='forged'/><stanza-id xmlns='urn:xmpp:sid:0' by='romeo@example.net' id='romeos'/><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='archive-1'/><origin-id xmlns='urn:xmpp:sid:0' id='o-1'/></message>
            S: <message from='mallory@evil.example/x' to='juliet@example.com/balcony' type='chat'><body>only forged</body><stanza-id xmlns='urn:xmpp:sid:0' by='mallory@evil.example' id='m-1'/><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com/balcony' id='m-2'/></message>
            """, configure: c =>
            {
                ids = c.Use(new StanzaIdsExtension());
                inbox = new Inbox(c, 2);
            });
        var messages = await inbox!.WaitAsync();
        Assert.True(await ids!.SupportsStanzaIdsAsync(Jid.Parse("juliet@example.com")));
        Assert.Equal(new TrustedStanzaId("archive-1", Jid.Parse("juliet@example.com")), ids.GetTrustedStanzaId(messages[0]));
        Assert.Equal("archive-1", ids.GetArchiveId(messages[0]));
        Assert.Equal("archive-1", MessageIds.GetStanzaId(messages[0], Jid.Parse("juliet@example.com")));
        Assert.Equal("o-1", MessageIds.GetOriginId(messages[0]));
        Assert.Null(ids.GetTrustedStanzaId(messages[1]));
        Assert.Contains(MessageIds.Namespace, session.Client.Router.Features);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Stanza_ids_of_an_entity_that_does_not_advertise_sid0_are_not_trusted()
    {
        StanzaIdsExtension? ids = null;
        Inbox? inbox = null;
        // Our server does not advertise XEP-0359 (so it may not strip forgeries); of two rooms only one does.
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' to='juliet@example.com' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='{d1}' from='juliet@example.com'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='account' type='registered'/><feature var='urn:xmpp:mam:2'/></query></iq>
            C: <iq type='get' to='plain@muc.example.com' id='{d2}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='{d2}' from='plain@muc.example.com'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='http://jabber.org/protocol/muc'/></query></iq>
            C: <iq type='get' to='modern@muc.example.com' id='{d3}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='{d3}' from='modern@muc.example.com'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='http://jabber.org/protocol/muc'/><feature var='urn:xmpp:sid:0'/></query></iq>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>hi</body><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='maybe-forged'/></message>
            S: <message from='plain@muc.example.com/romeo' to='juliet@example.com/balcony' type='groupchat'><body>a</body><stanza-id xmlns='urn:xmpp:sid:0' by='plain@muc.example.com' id='p-1'/></message>
            S: <message from='modern@muc.example.com/romeo' to='juliet@example.com/balcony' type='groupchat'><body>b</body><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='by-us'/><stanza-id xmlns='urn:xmpp:sid:0' by='modern@muc.example.com' id='r-1'/></message>
            """, configure: c =>
            {
                ids = c.Use(new StanzaIdsExtension { AddOriginId = false });
                inbox = new Inbox(c, 3);
            });
        Assert.False(await ids!.SupportsStanzaIdsAsync(Jid.Parse("juliet@example.com")));
        Assert.False(await ids.SupportsStanzaIdsAsync(Jid.Parse("plain@muc.example.com")));
        Assert.True(await ids.SupportsStanzaIdsAsync(Jid.Parse("modern@muc.example.com/someone")));
        var messages = await inbox!.WaitAsync();
        Assert.Null(ids.GetTrustedStanzaId(messages[0]));
        Assert.Null(ids.GetArchiveId(messages[0]));
        Assert.Null(ids.GetTrustedStanzaId(messages[1]));
        Assert.Equal(new TrustedStanzaId("r-1", Jid.Parse("modern@muc.example.com")), ids.GetTrustedStanzaId(messages[2]));
        // Learned once a session: asking again sends nothing.
        Assert.True(await ids.SupportsStanzaIdsAsync(Jid.Parse("modern@muc.example.com")));
        await session.AssertCompleteAsync();
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
