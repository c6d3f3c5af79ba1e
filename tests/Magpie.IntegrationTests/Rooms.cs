using System.Xml.Linq;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests;

/// <summary>Just enough raw XEP-0045 to make an archived room and talk in it (the library has no MUC yet).</summary>
internal static class Rooms
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Joins (creating) <paramref name="room"/> as <paramref name="nick"/>, accepts the default
    /// configuration with archiving on, posts <paramref name="bodies"/> and waits for each reflection (the room
    /// reflects a message after archiving it). Returns the occupant JID.</summary>
    public static async Task<Jid> CreateAndPostAsync(XmppClient client, Jid room, string nick, params string[] bodies)
    {
        var me = room.WithResource(nick);
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.PresenceReceived += (_, p) =>
        {
            if (p.From == me)
                joined.TrySetResult();
        };
        var join = new Presence { To = me };
        join.AddChild(new XElement(XName.Get("x", "http://jabber.org/protocol/muc")));
        await client.SendAsync(join);
        await joined.Task.WaitAsync(Patience);
        XNamespace data = "jabber:x:data";
        var config = new XElement(XName.Get("query", "http://jabber.org/protocol/muc#owner"),
            new XElement(data + "x", new XAttribute("type", "submit"),
                new XElement(data + "field", new XAttribute("var", "FORM_TYPE"), new XElement(data + "value", "http://jabber.org/protocol/muc#roomconfig")),
                new XElement(data + "field", new XAttribute("var", "muc#roomconfig_enablearchiving"), new XElement(data + "value", "1"))));
        await client.SendIqAsync(new Iq(IqType.Set, config, room));

        var reflected = 0;
        var allReflected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MessageReceived += (_, m) =>
        {
            if (m.From == me && m.Body is not null && Interlocked.Increment(ref reflected) == bodies.Length)
                allReflected.TrySetResult();
        };
        foreach (var body in bodies)
            await client.SendAsync(new Message(room, body, MessageType.Groupchat));
        if (bodies.Length > 0)
            await allReflected.Task.WaitAsync(Patience);
        return me;
    }
}
