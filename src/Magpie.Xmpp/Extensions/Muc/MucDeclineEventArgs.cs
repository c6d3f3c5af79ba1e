namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §7.8.2: someone declined our mediated invitation.</summary>
public sealed class MucDeclineEventArgs(Jid room, Jid? from, string? reason) : EventArgs
{
    /// <summary>The room.</summary>
    public Jid Room { get; } = room;

    /// <summary>Who declined, or null.</summary>
    public Jid? From { get; } = from;

    /// <summary>Their reason, or null (untrusted).</summary>
    public string? Reason { get; } = reason;
}
