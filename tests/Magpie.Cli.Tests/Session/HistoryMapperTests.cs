using System.Xml.Linq;
using Magpie.Cli.Session;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Session;

public sealed class HistoryMapperTests
{
    private static readonly Jid Me = Jid.Parse("juliet@example.com/balcony");
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Message Parse(string xml) => new(XElement.Parse(xml));

    [Fact]
    public void Live_message_keeps_the_stanza_id_the_library_trusts_and_no_other()
    {
        var message = Parse("""
            <message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m1'>
              <body>hi</body>
              <stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='forged'/>
              <stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='real'/>
              <origin-id xmlns='urn:xmpp:sid:0' id='o1'/>
            </message>
            """);
        var row = HistoryMapper.FromLive(message, Me, Now, new TrustedStanzaId("real", Me.Bare))!;
        Assert.Equal("real", row.StanzaId);
        Assert.Equal("juliet@example.com", row.StanzaIdBy);
        Assert.Equal("o1", row.OriginId);
        Assert.Equal("romeo@example.net", row.Peer);
        Assert.Equal(MessageDirection.In, row.Direction);
        Assert.Equal(Now, row.Time);
        Assert.False(row.Delayed);

        // Untrusted (our server not known to stamp them): none is read off the message.
        var untrusted = HistoryMapper.FromLive(message, Me, Now, stanzaId: null)!;
        Assert.Null(untrusted.StanzaId);
        Assert.Null(untrusted.StanzaIdBy);
    }

    [Fact]
    public void Offline_delivery_keeps_its_delay_stamp()
    {
        var row = HistoryMapper.FromLive(Parse("""
            <message xmlns='jabber:client' from='romeo@example.net/orchard' type='chat'><body>late</body><delay xmlns='urn:xmpp:delay' from='example.com' stamp='2026-11-24T08:00:00Z'/></message>
            """), Me, Now, stanzaId: null)!;
        Assert.True(row.Delayed);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), row.Time);
    }

    [Theory]
    [InlineData("<delay xmlns='urn:xmpp:delay' from='romeo@example.net/orchard' stamp='2020-01-01T00:00:00Z'/>")]
    [InlineData("<delay xmlns='urn:xmpp:delay' from='example.net' stamp='2020-01-01T00:00:00Z'/>")]
    [InlineData("<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>")]
    [InlineData("<delay xmlns='urn:xmpp:delay' from='example.com' stamp='1970-01-01T00:00:00Z'/>")]
    public void A_strangers_delay_or_an_absurd_one_does_not_set_the_time(string delay)
    {
        var row = HistoryMapper.FromLive(Parse($"""
            <message xmlns='jabber:client' from='romeo@example.net/orchard' type='chat'><body>backdated</body>{delay}</message>
            """), Me, Now, stanzaId: null)!;
        Assert.False(row.Delayed);
        Assert.Equal(Now, row.Time);
    }

    [Fact]
    public void A_delay_in_the_future_is_clamped_to_now()
    {
        var row = HistoryMapper.FromLive(Parse("""
            <message xmlns='jabber:client' from='romeo@example.net/orchard' type='chat'><body>from the future</body><delay xmlns='urn:xmpp:delay' from='example.com' stamp='2099-01-01T00:00:00Z'/></message>
            """), Me, Now, stanzaId: null)!;
        Assert.Equal(Now, row.Time);
    }

    [Fact]
    public void Archived_message_from_another_of_our_resources_goes_out_to_the_addressee()
    {
        var archived = new ArchivedMessage(Me.Bare, "a9", Now.AddHours(-1), Parse("""
            <message xmlns='jabber:client' from='juliet@example.com/chamber' to='romeo@example.net/orchard' type='chat' id='x'><body>mine</body><replace xmlns='urn:xmpp:message-correct:0' id='old'/></message>
            """));
        var row = HistoryMapper.FromArchive(archived, Me)!;
        Assert.Equal(MessageDirection.Out, row.Direction);
        Assert.Equal("romeo@example.net", row.Peer);
        Assert.Equal("a9", row.StanzaId);
        Assert.Equal("old", row.ReplaceId);
        Assert.Equal(DeliveryState.Acked, row.State);
        Assert.True(row.Delayed);
    }

    [Fact]
    public void Messages_without_a_body_and_errors_are_not_history()
    {
        Assert.Null(HistoryMapper.FromLive(Parse("<message xmlns='jabber:client' from='romeo@example.net/o'><active xmlns='http://jabber.org/protocol/chatstates'/></message>"), Me, Now, null));
        Assert.Null(HistoryMapper.FromLive(Parse("<message xmlns='jabber:client' from='romeo@example.net/o' type='error'><body>bounced</body></message>"), Me, Now, null));
    }

    [Fact]
    public void Room_messages_belong_to_the_room()
    {
        var row = HistoryMapper.FromArchive(new ArchivedMessage(Jid.Parse("lobby@muc.example.com"), "r1", Now,
            Parse("<message xmlns='jabber:client' from='lobby@muc.example.com/romeo' type='groupchat'><body>all</body></message>")), Me)!;
        Assert.Equal("lobby@muc.example.com", row.Peer);
        Assert.Equal("lobby@muc.example.com", row.StanzaIdBy);
        Assert.Equal(MessageDirection.In, row.Direction);
        Assert.Equal("lobby@muc.example.com/romeo", row.Sender);
    }

    [Fact]
    public void Live_room_history_takes_the_rooms_stanza_id_and_the_rooms_delay()
    {
        var row = HistoryMapper.FromLive(Parse("""
            <message xmlns='jabber:client' from='lobby@muc.example.com/romeo' to='juliet@example.com/balcony' type='groupchat'>
              <body>hello room</body>
              <delay xmlns='urn:xmpp:delay' from='lobby@muc.example.com/romeo' stamp='2021-01-01T00:00:00Z'/>
              <delay xmlns='urn:xmpp:delay' from='lobby@muc.example.com' stamp='2026-11-25T11:00:00Z'/>
              <stanza-id xmlns='urn:xmpp:sid:0' by='lobby@muc.example.com' id='room-7'/>
            </message>
            """), Me, Now, new TrustedStanzaId("room-7", Jid.Parse("lobby@muc.example.com")))!;
        Assert.Equal("room-7", row.StanzaId);
        Assert.Equal("lobby@muc.example.com", row.StanzaIdBy);
        Assert.Equal("lobby@muc.example.com", row.Peer);
        Assert.True(row.Delayed);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero), row.Time);
    }
}
