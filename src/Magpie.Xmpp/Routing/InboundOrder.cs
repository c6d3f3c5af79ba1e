namespace Magpie.Xmpp.Routing;

/// <summary>
/// Where a stage sits in the ordered inbound pipeline (<see cref="StanzaRouter.AddClaim"/>,
/// <see cref="StanzaRouter.AddHandler(int, Func{Stanzas.Stanza, bool}, Func{Stanzas.Stanza, CancellationToken, ValueTask})"/>):
/// lower runs first. Stream management, nonzas and IQ answers are handled before any stage. A stanza
/// claimed by a stage is not offered to later claims, nor to <see cref="XmppClient.MessageReceived"/> and
/// <see cref="XmppClient.PresenceReceived"/> (which sit at <see cref="Generic"/>); handlers that only
/// observe see it either way.
/// </summary>
public static class InboundOrder
{
    /// <summary>XEP-0280 carbon copies are unwrapped (the wrapper is claimed).</summary>
    public const int Carbons = 100;

    /// <summary>XEP-0313 archive results are taken by the query that asked for them.</summary>
    public const int ArchiveResults = 200;

    /// <summary>XEP-0045 room traffic: groupchat messages, private messages through a room, invitations.</summary>
    public const int Rooms = 300;

    /// <summary>XEP-0184 receipts (a message that only acknowledges another).</summary>
    public const int Receipts = 400;

    /// <summary>XEP-0308 corrections.</summary>
    public const int Corrections = 500;

    /// <summary>The IM layer's one-to-one chat messages (the chat manager, <see cref="Im.Chat.ChatManager"/>).</summary>
    public const int Chat = 900;

    /// <summary>The generic events <see cref="XmppClient.MessageReceived"/> and <see cref="XmppClient.PresenceReceived"/>,
    /// raised here for a stanza nothing claimed. Observers registered without an order run right after them.</summary>
    public const int Generic = 1000;
}
