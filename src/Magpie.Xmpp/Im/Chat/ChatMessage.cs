using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Extensions.Styling;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Im.Chat;

/// <summary>
/// A one-to-one chat message, classified once by <see cref="ChatManager"/>: who the conversation is with,
/// which way it went, whether it is a carbon copy, when it was sent, its ids, whether it corrects an
/// earlier one, its text (plain and styled) and the link it shares. No XML is needed to read it.
/// </summary>
public sealed record ChatMessage
{
    /// <summary>The other side of the conversation, as a bare JID: the sender of an incoming message, the
    /// addressee of an outgoing one.</summary>
    public required Jid Peer { get; init; }

    /// <summary>The sender's full address as sent.</summary>
    public required Jid From { get; init; }

    /// <summary>The addressee as sent, or null.</summary>
    public Jid? To { get; init; }

    /// <summary>Whether the peer sent it or we did.</summary>
    public required ChatDirection Direction { get; init; }

    /// <summary>Whether it reached us as a XEP-0280 carbon copy (another of our clients sent or received it).</summary>
    public bool IsCarbon { get; init; }

    /// <summary>When it was sent, in UTC: the stamp of a delay our own server put there (offline storage,
    /// see <see cref="Extensions.Delay.DelayedDelivery.GetTrustedStamp"/>), else when it arrived by the
    /// client's clock. A sender's own stamp is never believed.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Whether <see cref="Time"/> comes from a trusted delay: it was stored and delivered later.</summary>
    public bool IsDelayed { get; init; }

    /// <summary>The message's <c>id</c> attribute (what receipts and corrections refer to), or null.</summary>
    public string? Id { get; init; }

    /// <summary>The sender's XEP-0359 origin-id, or null.</summary>
    public string? OriginId { get; init; }

    /// <summary>The XEP-0359 stanza-id our archive assigned, when <see cref="StanzaIdsExtension"/> is in use and
    /// the archive is known to assign them; otherwise null.</summary>
    public TrustedStanzaId? StanzaId { get; init; }

    /// <summary>The id of the message this one corrects (XEP-0308), or null. Apply it only to a message
    /// from the same sender.</summary>
    public string? ReplaceId { get; init; }

    /// <summary>Whether the sender asked for a receipt (XEP-0184).</summary>
    public bool RequestsReceipt { get; init; }

    /// <summary>The message type: chat, normal or headline.</summary>
    public MessageType Type { get; init; }

    /// <summary>The plain body.</summary>
    public required string Body { get; init; }

    /// <summary>The XHTML-IM body (XEP-0071) converted to safe styled text, or null when there is none.</summary>
    public StyledText? Html { get; init; }

    /// <summary>The text with its styling: the XHTML-IM body when there is one, else the body's XEP-0393 styling.</summary>
    public StyledText StyledText => Html ?? MessageStyling.Parse(Body);

    /// <summary>The link the message shares (an XEP-0066 out-of-band URL, or a body that is just a URL), or null.</summary>
    public SharedLink? Link { get; init; }

    /// <summary>The XEP-0066 out-of-band URL, or null.</summary>
    public Uri? OutOfBandUrl { get; init; }

    /// <summary>The thread id, or null.</summary>
    public string? Thread { get; init; }

    /// <summary>The stanza it was read from (read-only; for a carbon, the forwarded message).</summary>
    public required Message Message { get; init; }
}
