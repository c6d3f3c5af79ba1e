namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §7.6: an occupant (possibly we) changed nickname.</summary>
public sealed class MucNickChangedEventArgs(MucRoom room, string oldNick, MucOccupant occupant, bool isSelf) : EventArgs
{
    /// <summary>The room.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>The nickname before.</summary>
    public string OldNick { get; } = oldNick;

    /// <summary>The occupant under its new nickname.</summary>
    public MucOccupant Occupant { get; } = occupant;

    /// <summary>Whether it was us.</summary>
    public bool IsSelf { get; } = isSelf;
}
