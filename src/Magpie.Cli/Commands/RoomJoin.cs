using System.Xml.Linq;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Commands;

/// <summary>
/// Just enough XEP-0045 for <c>upload --room</c>: join with a directed presence, wait for our own presence
/// (status 110), accept a newly created room as an instant room, and leave. The full MUC extension is being
/// written separately; this stays until it lands.
/// </summary>
internal static class RoomJoin
{
    private const string MucNamespace = "http://jabber.org/protocol/muc";
    private static readonly XNamespace MucUser = MucNamespace + "#user";
    private static readonly XNamespace MucOwner = MucNamespace + "#owner";

    /// <summary>Joins <paramref name="room"/> as <paramref name="nick"/> and returns when the room confirmed it.</summary>
    /// <exception cref="StanzaErrorException">The room refused (e.g. nick taken, members only).</exception>
    /// <exception cref="CommandTimeoutException">The room did not answer in time.</exception>
    public static async Task JoinAsync(XmppClient client, Jid room, string nick, CancellationToken cancellationToken)
    {
        var occupant = room.Bare.WithResource(nick);
        var answer = new TaskCompletionSource<Presence>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = client.Router.AddHandler(
            s => s is Presence p && p.From is { } from && from.Bare == room.Bare
                && (p.IsError ? from == occupant || from == room.Bare : HasStatus(p, "110")),
            (s, _) =>
            {
                answer.TrySetResult((Presence)s);
                return ValueTask.CompletedTask;
            });
        var join = new Presence { To = occupant };
        join.AddChild(new XElement(XName.Get("x", MucNamespace)));
        await client.SendAsync(join, cancellationToken);
        Presence self;
        try
        {
            self = await answer.Task.WaitAsync(client.Options.ResponseTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new CommandTimeoutException($"the room {room.Bare} did not confirm the join");
        }
        if (self.IsError)
            throw new StanzaErrorException(self.Error ?? StanzaError.ServiceUnavailable, self);
        if (HasStatus(self, "201"))
        {
            // We created the room: accept the default configuration (an instant room) so it opens.
            var form = new XElement(MucOwner + "query", new XElement(XName.Get("x", "jabber:x:data"), new XAttribute("type", "submit")));
            await client.SendIqAsync(new Iq(IqType.Set, form, room.Bare), cancellationToken: cancellationToken);
        }
    }

    /// <summary>Leaves the room (best effort).</summary>
    public static Task LeaveAsync(XmppClient client, Jid room, string nick, CancellationToken cancellationToken) =>
        client.SendAsync(new Presence(PresenceType.Unavailable, room.Bare.WithResource(nick)), cancellationToken);

    private static bool HasStatus(Presence presence, string code) =>
        presence.GetChild(MucUser + "x")?.Elements(MucUser + "status").Any(s => (string?)s.Attribute("code") == code) == true;
}
