namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §7.8.2 / XEP-0249: an invitation to a room, mediated by the room or direct.</summary>
public sealed class MucInvitationEventArgs(Jid room, Jid? from, string? reason, string? password, bool isDirect) : EventArgs
{
    /// <summary>The room we are invited to.</summary>
    public Jid Room { get; } = room;

    /// <summary>Who invites us (a claim relayed by the room for mediated invitations), or null.</summary>
    public Jid? From { get; } = from;

    /// <summary>The inviter's reason, or null (untrusted).</summary>
    public string? Reason { get; } = reason;

    /// <summary>The room password, or null.</summary>
    public string? Password { get; } = password;

    /// <summary>True for a XEP-0249 direct invitation, false for a mediated one.</summary>
    public bool IsDirect { get; } = isDirect;
}
