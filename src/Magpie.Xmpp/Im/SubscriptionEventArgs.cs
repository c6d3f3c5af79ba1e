using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Im;

/// <summary>An inbound subscription-related presence (subscribe, subscribed, unsubscribe or unsubscribed).</summary>
/// <param name="from">The sender's bare JID.</param>
/// <param name="type">Which of the four it was.</param>
/// <param name="status">Optional status text (untrusted: sanitise before display).</param>
public sealed class SubscriptionEventArgs(Jid from, PresenceType type, string? status) : EventArgs
{
    /// <summary>The sender's bare JID.</summary>
    public Jid From { get; } = from;

    /// <summary>Subscribe, subscribed, unsubscribe or unsubscribed.</summary>
    public PresenceType Type { get; } = type;

    /// <summary>Optional status text, or null.</summary>
    public string? Status { get; } = status;
}
