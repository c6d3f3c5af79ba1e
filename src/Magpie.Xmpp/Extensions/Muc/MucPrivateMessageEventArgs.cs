using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §7.5: a private message from an occupant. It comes from room@service/nick, which is
/// not the occupant's real JID: keep such conversations apart from contacts with the same name.</summary>
public sealed class MucPrivateMessageEventArgs(MucRoom room, string nick, Message message) : EventArgs
{
    /// <summary>The room it came through.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>The sender's nickname in that room.</summary>
    public string Nick { get; } = nick;

    /// <summary>The occupant JID to answer to.</summary>
    public Jid OccupantJid => Room.Jid.WithResource(Nick);

    /// <summary>When it was sent, in UTC: the stamp of a delay our server or the room put there (offline
    /// storage), otherwise when it arrived (by the client's clock).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The message.</summary>
    public Message Message { get; } = message;
}
