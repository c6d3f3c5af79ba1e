namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: an occupant entered a room, or its role, affiliation or presence changed.</summary>
public sealed class MucOccupantEventArgs(MucRoom room, MucOccupant occupant, MucOccupant? previous) : EventArgs
{
    /// <summary>The room.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>The occupant as it is now.</summary>
    public MucOccupant Occupant { get; } = occupant;

    /// <summary>The occupant before the change; null when it just entered.</summary>
    public MucOccupant? Previous { get; } = previous;
}
