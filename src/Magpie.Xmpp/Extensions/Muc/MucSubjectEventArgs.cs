namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §8.1: a room's subject, sent on join and whenever it changes.</summary>
public sealed class MucSubjectEventArgs(MucRoom room, string? nick, string subject) : EventArgs
{
    /// <summary>The room.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>Who set it, or null when the room itself did.</summary>
    public string? Nick { get; } = nick;

    /// <summary>The subject; empty when it was cleared (untrusted text).</summary>
    public string Subject { get; } = subject;
}
