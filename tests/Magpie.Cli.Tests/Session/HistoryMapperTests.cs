using System.Xml.Linq;
using Magpie.Cli.Session;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Session;

public sealed class HistoryMapperTests
{
    private static readonly Jid Me = Jid.Parse("juliet@example.com/balcony");
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Message Parse(string xml) => new(XElement.Parse(xml));

    [Fact]
    public void Live_message_trusts_only_a_stanza_id_from_our_own_account()
    {
        var row = HistoryMapper.FromLive(Parse("""
            <message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m1'>
              <body>hi</body>
              <stanza-id xmlns='urn:xmpp:sid:0' by='romeo@example.net' id='forged'/>
              <stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='real'/>
              <origin-id xmlns='urn:xmpp:sid:0' id='o1'/>
            </message>
            """), Me, Now)!;
        Assert.Equal("real", row.StanzaId);
        Assert.Equal("juliet@example.com", row.StanzaIdBy);
        Assert.Equal("o1", row.OriginId);
        Assert.Equal("romeo@example.net", row.Peer);
        Assert.Equal(MessageDirection.In, row.Direction);
        Assert.Equal(Now, row.Time);
        Assert.False(row.Delayed);

        var onlyForged = HistoryMapper.FromLive(Parse("""
            <message xmlns='jabber:client' from='romeo@example.net/orchard' type='chat'><body>x</body><stanza-id xmlns='urn:xmpp:sid:0' by='romeo@example.net' id='forged'/></message>
            """), Me, Now)!;
        Assert.Null(onlyForged.StanzaId);
    }

    [Fact]
    public void Offline_delivery_keeps_its_delay_stamp()
    {
        var row = HistoryMapper.FromLive(Parse("""
            <message xmlns='jabber:client' from='romeo@example.net/orchard' type='chat'><body>late</body><delay xmlns='urn:xmpp:delay' from='example.com' stamp='2026-11-24T08:00:00Z'/></message>
            """), Me, Now)!;
        Assert.True(row.Delayed);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), row.Time);
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
        Assert.Null(HistoryMapper.FromLive(Parse("<message xmlns='jabber:client' from='romeo@example.net/o'><active xmlns='http://jabber.org/protocol/chatstates'/></message>"), Me, Now));
        Assert.Null(HistoryMapper.FromLive(Parse("<message xmlns='jabber:client' from='romeo@example.net/o' type='error'><body>bounced</body></message>"), Me, Now));
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
    public void Live_room_message_trusts_the_rooms_stanza_id_only()
    {
        var row = HistoryMapper.FromLive(Parse("""
            <message xmlns='jabber:client' from='lobby@muc.example.com/romeo' to='juliet@example.com/balcony' type='groupchat'>
              <body>hello room</body>
              <stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='forged-by-occupant'/>
              <stanza-id xmlns='urn:xmpp:sid:0' by='lobby@muc.example.com' id='room-7'/>
            </message>
            """), Me, Now)!;
        Assert.Equal("room-7", row.StanzaId);
        Assert.Equal("lobby@muc.example.com", row.StanzaIdBy);
        Assert.Equal("lobby@muc.example.com", row.Peer);
    }
}
