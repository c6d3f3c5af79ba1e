using System.Xml.Linq;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.Correction;
using Magpie.Xmpp.Extensions.Delay;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Extensions.XhtmlIm;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Session;

/// <summary>Turns stanzas into <see cref="HistoryMessage"/> rows: which conversation, which direction, which ids.</summary>
internal static class HistoryMapper
{
    private static readonly XName OobName = XName.Get("x", "jabber:x:oob");
    private static readonly XName OobUrlName = XName.Get("url", "jabber:x:oob");

    /// <summary>A message from our own archive, or null when it is nothing to keep (no body, an error).</summary>
    public static HistoryMessage? FromArchive(ArchivedMessage archived, Jid account)
    {
        ArgumentNullException.ThrowIfNull(archived);
        // The archive id of our own archive is the stanza-id our server stamps (XEP-0313 §5.3): one key for
        // the archived copy and the live one.
        return FromStanza(archived.Message, account, archived.Stamp, archived.ArchiveId, archived.Archive, carbon: null);
    }

    /// <summary>A message received live (or a carbon, with <paramref name="carbon"/> "sent"/"received"), or null
    /// when it is nothing to keep. Only a stanza-id stamped by the archive that holds the message is trusted:
    /// our own account for chats, the room for groupchat (XEP-0359 §6; anything else the sender could forge).</summary>
    public static HistoryMessage? FromLive(Message message, Jid account, DateTimeOffset now, string? carbon = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(account);
        var archive = message.Type == MessageType.Groupchat && message.From is { } room ? room.Bare : account.Bare;
        var stanzaId = MessageIds.GetStanzaId(message, archive);
        var stamp = DelayedDelivery.GetStamp(message.Element);
        var row = FromStanza(message, account, stamp ?? now, stanzaId, stanzaId is null ? null : archive, carbon);
        return row is null ? null : row with { Delayed = stamp is not null };
    }

    /// <summary>A message we are sending (<paramref name="state"/> pending or sent).</summary>
    public static HistoryMessage ForOutgoing(Message message, Jid self, DateTimeOffset now, DeliveryState state)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(self);
        var to = message.To ?? throw new ArgumentException("An outgoing message needs an addressee.", nameof(message));
        return Describe(message) with
        {
            Peer = to.Bare.ToString(),
            Direction = MessageDirection.Out,
            Sender = self.ToString(),
            Recipient = to.ToString(),
            Time = now,
            State = state,
        };
    }

    private static HistoryMessage? FromStanza(Message message, Jid account, DateTimeOffset? stamp, string? stanzaId, Jid? stanzaIdBy, string? carbon)
    {
        if (message.Body is null || message.IsError)
            return null;
        var me = account.Bare;
        var from = message.From;
        var to = message.To;
        // A missing 'from' in our own archive means our account (RFC 6120 §8.1.2.1).
        var outgoing = from is null || from.Bare == me;
        var peer = message.Type == MessageType.Groupchat ? from?.Bare : outgoing ? to?.Bare : from?.Bare;
        if (peer is null)
            return null;
        return Describe(message) with
        {
            Peer = peer.ToString(),
            Direction = outgoing && message.Type != MessageType.Groupchat ? MessageDirection.Out : MessageDirection.In,
            Sender = (from ?? me).ToString(),
            Recipient = to?.ToString(),
            StanzaId = stanzaId,
            StanzaIdBy = stanzaIdBy?.ToString(),
            Time = stamp ?? DateTimeOffset.UtcNow,
            Delayed = stamp is not null,
            State = outgoing ? DeliveryState.Acked : DeliveryState.Received,
            Carbon = carbon,
        };
    }

    private static HistoryMessage Describe(Message message) => new()
    {
        Peer = "",
        Direction = MessageDirection.In,
        Time = default,
        Type = message.TypeAttribute ?? "normal",
        MessageId = message.Id,
        OriginId = MessageIds.GetOriginId(message),
        Body = message.Body,
        ReplaceId = Correction.GetReplaceId(message),
        ChatState = ChatStates.Get(message)?.ToString().ToLowerInvariant(),
        XhtmlText = XhtmlIm.GetStyledText(message)?.ToPlainText(),
        OobUrl = message.GetChild(OobName)?.Element(OobUrlName)?.Value.Trim(),
    };
}
