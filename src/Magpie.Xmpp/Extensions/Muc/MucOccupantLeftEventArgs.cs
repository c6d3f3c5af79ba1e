namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: an occupant left a room, or was kicked or banned from it.</summary>
public sealed class MucOccupantLeftEventArgs(MucRoom room, MucOccupant occupant, MucLeaveReason reason, string? reasonText, string? actor) : EventArgs
{
    /// <summary>The room.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>The occupant as it was.</summary>
    public MucOccupant Occupant { get; } = occupant;

    /// <summary>Why it left.</summary>
    public MucLeaveReason Reason { get; } = reason;

    /// <summary>The moderator's reason or the occupant's parting status, or null (untrusted).</summary>
    public string? ReasonText { get; } = reasonText;

    /// <summary>The nickname of the moderator who acted, or null.</summary>
    public string? Actor { get; } = actor;
}
