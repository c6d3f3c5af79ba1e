using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Im;

/// <summary>A contact's presence changed on one resource (or, for an error, as a whole).</summary>
/// <param name="from">The address the presence came from.</param>
/// <param name="presence">The resource's new presence, or null when it went unavailable or errored.</param>
/// <param name="error">The error, when the contact is now in the error state.</param>
/// <param name="best">The contact's best resource after the change, or null when none is available.</param>
public sealed class ContactPresenceChangedEventArgs(Jid from, ResourcePresence? presence, StanzaError? error, ResourcePresence? best) : EventArgs
{
    /// <summary>The address the presence came from (full, or bare when it had no resource).</summary>
    public Jid From { get; } = from;

    /// <summary>The contact's bare JID.</summary>
    public Jid BareJid => From.Bare;

    /// <summary>The resource's new presence, or null when it went unavailable or errored.</summary>
    public ResourcePresence? Presence { get; } = presence;

    /// <summary>Whether the resource is now available.</summary>
    public bool IsAvailable => Presence is not null;

    /// <summary>The error, when the contact is now in the error state; otherwise null.</summary>
    public StanzaError? Error { get; } = error;

    /// <summary>The contact's best resource after the change, or null.</summary>
    public ResourcePresence? Best { get; } = best;
}
