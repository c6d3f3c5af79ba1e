using System.Text.Json;
using System.Xml.Linq;
using Magpie.Cli.Rendering;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Rendering;

public sealed class MessageLineTests
{
    private static Message Parse(string xml) => new(XElement.Parse(xml));

    [Fact]
    public void Json_has_the_listen_fields_and_nick_only_for_rooms()
    {
        var message = Parse("<message xmlns='jabber:client' from='room@muc.example/Al' type='groupchat' id='m1'><body>hi</body><delay xmlns='urn:xmpp:delay' from='room@muc.example' stamp='2002-10-13T23:58:37Z'/></message>");
        var room = new StringWriter();
        var direct = new StringWriter();

        MessageLine.Write(room, json: true, message, null, null, "Al", inRoom: true, account: Me);
        MessageLine.Write(direct, json: true, message, null, null);

        var r = JsonDocument.Parse(room.ToString()).RootElement;
        string[] fields = ["from", "to", "type", "id", "body", "chat_state", "xhtml_text", "oob_url", "link_url", "link_size", "carbon", "delay"];
        Assert.Equal([.. fields, "nick"], r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Al", "groupchat", "2002-10-13T23:58:37Z"), (r.GetProperty("nick").GetString(), r.GetProperty("type").GetString(), r.GetProperty("delay").GetString()));
        Assert.Equal(fields, JsonDocument.Parse(direct.ToString()).RootElement.EnumerateObject().Select(p => p.Name));
    }

    private static readonly Magpie.Xmpp.Jid Me = Magpie.Xmpp.Jid.Parse("juliet@example.com/balcony");

    [Theory]
    [InlineData("chat", "romeo@example.net/orchard", "romeo@example.net")]
    [InlineData("chat", "romeo@example.net/orchard", "")]
    [InlineData("groupchat", "room@muc.example/Al", "room@muc.example/Al")]
    public void The_delay_field_shows_no_stamp_a_stranger_set(string type, string from, string delayFrom)
    {
        var by = delayFrom.Length == 0 ? "" : $" from='{delayFrom}'";
        var message = Parse($"<message xmlns='jabber:client' from='{from}' type='{type}'><body>backdated</body><delay xmlns='urn:xmpp:delay'{by} stamp='2002-10-13T23:58:37Z'/></message>");
        var output = new StringWriter();
        MessageLine.Write(output, json: true, message, null, null, account: Me);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(output.ToString()).RootElement.GetProperty("delay").ValueKind);
    }

    [Fact]
    public void The_delay_field_shows_our_servers_offline_stamp()
    {
        var message = Parse("<message xmlns='jabber:client' from='romeo@example.net/orchard' type='chat'><body>late</body><delay xmlns='urn:xmpp:delay' from='example.com' stamp='2002-10-13T23:58:37Z'/></message>");
        var output = new StringWriter();
        MessageLine.Write(output, json: true, message, null, null, account: Me);
        Assert.Equal("2002-10-13T23:58:37Z", JsonDocument.Parse(output.ToString()).RootElement.GetProperty("delay").GetString());
    }

    [Fact]
    public void Text_shows_the_nick_escaped_and_room_notices_as_room()
    {
        var spoken = Parse("<message xmlns='jabber:client' from='room@muc.example/Evil' type='groupchat'><body>body&#x202E;x</body></message>");
        var notice = Parse("<message xmlns='jabber:client' from='room@muc.example' type='groupchat'><body>restarting</body></message>");
        var typing = Parse("<message xmlns='jabber:client' from='room@muc.example/Al' type='groupchat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
        var output = new StringWriter();

        MessageLine.Write(output, json: false, spoken, null, null, "Evil\u202Enick", inRoom: true);
        MessageLine.Write(output, json: false, notice, null, null, null, inRoom: true);
        MessageLine.Write(output, json: false, typing, null, ChatState.Composing, "Al", inRoom: true);

        Assert.Equal(["\"Evil\\u202enick\": body\\u202ex", "[room]: restarting", "Al is composing"],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Look_alike_speakers_are_distinguishable_in_text_and_exact_in_json()
    {
        var real = Parse("<message xmlns='jabber:client' from='room@muc.example/alice' type='groupchat'><body>hi</body></message>");
        var fake = Parse("<message xmlns='jabber:client' from='room@muc.example/alice ' type='groupchat'><body>hi</body></message>");
        var text = new StringWriter();
        MessageLine.Write(text, json: false, real, null, null, "alice", inRoom: true);
        MessageLine.Write(text, json: false, fake, null, null, "alice ", inRoom: true);
        Assert.Equal(["alice: hi", "\"alice \": hi"], text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var json = new StringWriter();
        MessageLine.Write(json, json: true, fake, null, null, "alice ", inRoom: true);
        Assert.Equal("alice ", JsonDocument.Parse(json.ToString()).RootElement.GetProperty("nick").GetString());
    }

    [Fact]
    public void A_direct_message_shows_a_look_alike_sender_address_marked()
    {
        var message = Parse("<message xmlns='jabber:client' from='\u0430lice@example.org/phone' type='chat'><body>hi</body></message>");
        var text = new StringWriter();
        MessageLine.Write(text, json: false, message, null, null);
        Assert.Equal("\"\u0430lice\"@example.org/phone (mixed scripts): hi", text.ToString().TrimEnd());
    }
}
