namespace Magpie.Xmpp.Stanzas;

/// <summary>The <c>type</c> of a presence (RFC 6121 §4.7.1); <see cref="Available"/> means no type attribute.</summary>
public enum PresenceType
{
    /// <summary>Available (no type attribute).</summary>
    Available,
    /// <summary>No longer available.</summary>
    Unavailable,
    /// <summary>A subscription request.</summary>
    Subscribe,
    /// <summary>A subscription approval.</summary>
    Subscribed,
    /// <summary>Unsubscribing from someone's presence.</summary>
    Unsubscribe,
    /// <summary>A subscription denied or cancelled.</summary>
    Unsubscribed,
    /// <summary>A request for current presence (server use).</summary>
    Probe,
    /// <summary>An error about a presence we sent.</summary>
    Error,
}
