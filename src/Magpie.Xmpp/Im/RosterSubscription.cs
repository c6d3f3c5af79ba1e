namespace Magpie.Xmpp.Im;

/// <summary>The <c>subscription</c> state of a roster item (RFC 6121 §2.1.2.5).</summary>
public enum RosterSubscription
{
    /// <summary>Neither side is subscribed to the other's presence.</summary>
    None,
    /// <summary>We receive the contact's presence.</summary>
    To,
    /// <summary>The contact receives our presence.</summary>
    From,
    /// <summary>Both directions.</summary>
    Both,
    /// <summary>Only in pushes and removal requests: the item is gone.</summary>
    Remove,
}
