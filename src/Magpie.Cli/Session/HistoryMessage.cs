namespace Magpie.Cli.Session;

/// <summary>One message in the local history. JIDs are kept as text: the store does not interpret them
/// beyond choosing the de-duplication key.</summary>
internal sealed record HistoryMessage
{
    /// <summary>The row id; 0 for a message not stored yet.</summary>
    public long Id { get; init; }

    /// <summary>The conversation: the contact's or room's bare JID.</summary>
    public required string Peer { get; init; }

    /// <summary>Received or sent.</summary>
    public required MessageDirection Direction { get; init; }

    /// <summary>Who sent it, as addressed (a full JID, an occupant JID, or our own JID for sent messages).</summary>
    public string? Sender { get; init; }

    /// <summary>Where it went, as addressed.</summary>
    public string? Recipient { get; init; }

    /// <summary>The message type as on the wire ("chat", "normal", "groupchat"…).</summary>
    public string Type { get; init; } = "chat";

    /// <summary>The stanza's <c>id</c> attribute.</summary>
    public string? MessageId { get; init; }

    /// <summary>The sender's XEP-0359 origin-id.</summary>
    public string? OriginId { get; init; }

    /// <summary>A trusted XEP-0359 stanza-id (for archived messages, the archive id).</summary>
    public string? StanzaId { get; init; }

    /// <summary>Who assigned <see cref="StanzaId"/>: our bare JID or a room's.</summary>
    public string? StanzaIdBy { get; init; }

    /// <summary>When it was sent or archived, in UTC.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Whether <see cref="Time"/> comes from a delay stamp (archive, offline storage) rather than our clock.</summary>
    public bool Delayed { get; init; }

    /// <summary>The text.</summary>
    public string? Body { get; init; }

    /// <summary>The id of the message this one corrects (XEP-0308), or null.</summary>
    public string? ReplaceId { get; init; }

    /// <summary>The delivery state.</summary>
    public DeliveryState State { get; init; } = DeliveryState.Received;

    /// <summary>A chat state carried along (XEP-0085), lower case.</summary>
    public string? ChatState { get; init; }

    /// <summary>The XHTML-IM body as plain text (XEP-0071).</summary>
    public string? XhtmlText { get; init; }

    /// <summary>An out-of-band URL (XEP-0066).</summary>
    public string? OobUrl { get; init; }

    /// <summary>"sent" or "received" when it arrived as a carbon copy (XEP-0280).</summary>
    public string? Carbon { get; init; }
}
