using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §7.4: a groupchat message (or chat state) in a room we are in.</summary>
public sealed class MucMessageEventArgs(MucRoom room, string? nick, Message message, bool isOwn, bool isHistory, ChatState? chatState, string? replaceId) : EventArgs
{
    /// <summary>The room.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>Who spoke: the resource of room@service/nick, never a name from the payload. Null for a
    /// notice from the room itself (<see cref="IsRoomNotice"/>).</summary>
    public string? Nick { get; } = nick;

    /// <summary>Whether the room itself sent it (from the bare room JID).</summary>
    public bool IsRoomNotice => Nick is null;

    /// <summary>The message.</summary>
    public Message Message { get; } = message;

    /// <summary>Whether it is our own message reflected by the room.</summary>
    public bool IsOwn { get; } = isOwn;

    /// <summary>Whether it is discussion history sent on join: it carries a delay (XEP-0203) from the room itself
    /// (<see cref="Delay.DelayedDelivery.GetTrustedStamp"/>); an occupant's own delay does not make it history.</summary>
    public bool IsHistory { get; } = isHistory;

    /// <summary>When it was said, in UTC: for discussion history the room's delay stamp
    /// (<see cref="IsHistory"/>), otherwise when it arrived (by the client's clock).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The XEP-0085 chat state it carries, or null.</summary>
    public ChatState? ChatState { get; } = chatState;

    /// <summary>The id of the speaker's message this one corrects (XEP-0308), or null.</summary>
    public string? ReplaceId { get; } = replaceId;
}
