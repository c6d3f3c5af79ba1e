namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: we entered a room (or re-entered it after a new session or a self-ping found us gone).</summary>
public sealed class MucRoomEventArgs(MucRoom room, bool isRejoin) : EventArgs
{
    /// <summary>The room.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>True when this was an automatic rejoin.</summary>
    public bool IsRejoin { get; } = isRejoin;
}
