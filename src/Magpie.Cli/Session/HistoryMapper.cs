using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Extensions.Delay;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Extensions.XhtmlIm;
using Magpie.Xmpp.Im.Chat;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Session;

/// <summary>Turns stanzas into <see cref="HistoryMessage"/> rows: which conversation, which direction, which ids.</summary>
internal static class HistoryMapper
{
    /// <summary>A message from our own archive, or null when it is nothing to keep (no body, an error).</summary>
    public static HistoryMessage? FromArchive(ArchivedMessage archived, Jid account)
    {
        ArgumentNullException.ThrowIfNull(archived);
        // The archive id of our own archive is the stanza-id our server stamps (XEP-0313 §5.3): one key for
        // the archived copy and the live one.
        return FromStanza(archived.Message, account, archived.Stamp, archived.ArchiveId, archived.Archive, carbon: null);
    }

    /// <summary>A message received live (or a carbon, with <paramref name="carbon"/> "sent"/"received"), or null
    /// when it is nothing to keep.</summary>
    /// <param name="message">The message.</param>
    /// <param name="account">Our account.</param>
    /// <param name="now">When it arrived: its time unless a trusted <c>&lt;delay/&gt;</c> says otherwise
    /// (<see cref="DelayedDelivery.GetTrustedStamp"/>: our server's, or the room's; never the sender's).</param>
    /// <param name="stanzaId">Its stanza-id as <see cref="StanzaIdsExtension.GetTrustedStanzaId"/> trusts it (by the
    /// archive that holds it, which advertises XEP-0359), or null; never one read off the message unchecked.</param>
    /// <param name="carbon">"sent"/"received" for a carbon copy, else null.</param>
    public static HistoryMessage? FromLive(Message message, Jid account, DateTimeOffset now, TrustedStanzaId? stanzaId, string? carbon = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(account);
        var stamp = DelayedDelivery.GetTrustedStamp(message, account, now);
        var row = FromStanza(message, account, stamp ?? now, stanzaId?.Id, stanzaId?.By, carbon);
        return row is null ? null : row with { Delayed = stamp is not null };
    }

    /// <summary>A chat message as the library classified it (<see cref="ChatManager"/>): its time, carbon direction and
    /// trusted stanza-id come with it. Null when it is nothing to keep.</summary>
    public static HistoryMessage? FromChat(ChatMessage chat, Jid account)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(account);
        var row = FromStanza(chat.Message, account, chat.Time, chat.StanzaId?.Id, chat.StanzaId?.By, CarbonName(chat));
        return row is null ? null : row with { Delayed = chat.IsDelayed };
    }

    /// <summary>The word the history and <c>--json</c> use for a carbon copy we sent from another client (a contract).</summary>
    public const string CarbonSent = "sent";

    /// <summary>The word the history and <c>--json</c> use for a carbon copy another client of ours received (a contract).</summary>
    public const string CarbonReceived = "received";

    /// <summary><see cref="CarbonSent"/>/<see cref="CarbonReceived"/> for a carbon copy, else null.</summary>
    public static string? CarbonName(ChatMessage chat) =>
        !chat.IsCarbon ? null : chat.Direction == ChatDirection.Outgoing ? CarbonSent : CarbonReceived;

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
        ReplaceId = message.Get<Replace>()?.Id,
        ChatState = ChatStates.Get(message)?.ToString().ToLowerInvariant(),
        XhtmlText = XhtmlIm.GetStyledText(message)?.ToPlainText(),
        OobUrl = OutOfBand.GetUrl(message)?.OriginalString,
    };
}
