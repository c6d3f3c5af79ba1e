namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: we are no longer in a room, by our choice or not.</summary>
public sealed class MucRoomLeftEventArgs(MucRoom room, MucLeaveReason reason, string? reasonText, string? actor, Jid? alternateRoom) : EventArgs
{
    /// <summary>The room.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>Why.</summary>
    public MucLeaveReason Reason { get; } = reason;

    /// <summary>The moderator's or owner's reason text, or null (untrusted).</summary>
    public string? ReasonText { get; } = reasonText;

    /// <summary>The nickname of who removed us, or null.</summary>
    public string? Actor { get; } = actor;

    /// <summary>Where the owner suggests to go when the room was destroyed, or null.</summary>
    public Jid? AlternateRoom { get; } = alternateRoom;
}
