using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Magpie.Xmpp.Extensions.Carbons;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Extensions.Delay;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Extensions.XhtmlIm;
using Magpie.Xmpp.Routing;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Im.Chat;

/// <summary>
/// The IM layer for one-to-one chat: every chat, normal or headline message with a body, every carbon copy
/// of one (<see cref="CarbonsExtension"/>, added for you) and every correction of one
/// (<see cref="CorrectionExtension"/>, added for you) comes out once, classified, as a <see cref="ChatMessage"/>:
/// through <see cref="MessageReceived"/>, and through <see cref="ReadAllAsync"/> for a bot's loop.
/// </summary>
/// <remarks>
/// It claims those messages at <see cref="InboundOrder.Chat"/>: they no longer reach
/// <see cref="XmppClient.MessageReceived"/>. Room traffic is <c>MucExtension</c>'s, error messages and messages
/// without a body (chat states alone, receipts) are not taken. Handlers run on the connection's read thread
/// in arrival order and must not block; receipts are answered after them (<see cref="ReceiptsExtension"/>).
/// </remarks>
public sealed class ChatManager : XmppExtension
{
    private readonly Lock _gate = new();
    private CarbonsExtension? _carbons;
    private CorrectionExtension? _corrections;
    private Channel<ChatMessage>[] _readers = [];

    /// <summary>Raised for each classified chat message, in arrival order.</summary>
    public event EventHandler<ChatMessage>? MessageReceived;

    /// <inheritdoc />
    protected override void OnAttached()
    {
        _carbons = Require<CarbonsExtension>();
        _corrections = Require<CorrectionExtension>();
        _carbons.CarbonReceived += OnCarbon;
        _corrections.CorrectionReceived += OnCorrection;
        AddClaim(InboundOrder.Chat, static s => s is Message { Type: MessageType.Chat or MessageType.Normal or MessageType.Headline, Body: not null, From: not null }, OnMessageAsync);
    }

    /// <inheritdoc />
    protected override void OnDetached()
    {
        if (_carbons is not null)
            _carbons.CarbonReceived -= OnCarbon;
        if (_corrections is not null)
            _corrections.CorrectionReceived -= OnCorrection;
        Channel<ChatMessage>[] readers;
        lock (_gate)
        {
            readers = _readers;
            _readers = [];
        }
        foreach (var reader in readers)
            reader.Writer.TryComplete();
    }

    /// <summary>The chat messages from now on, in arrival order, until <paramref name="cancellationToken"/> is
    /// cancelled or the manager is detached (with the client's disposal). It listens from the moment it is called:
    /// messages arriving before are not in it. Messages wait in memory until read.</summary>
    public IAsyncEnumerable<ChatMessage> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ChatMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        lock (_gate)
            _readers = [.. _readers, channel];
        return ReadCoreAsync(channel, cancellationToken);
    }

    private async IAsyncEnumerable<ChatMessage> ReadCoreAsync(Channel<ChatMessage> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var message))
                    yield return message;
            }
        }
        finally
        {
            lock (_gate)
                _readers = Array.FindAll(_readers, r => r != channel);
        }
    }

    /// <summary>Sends a chat message to <paramref name="to"/> and returns it (its <see cref="Stanza.Id"/> is what
    /// receipts and corrections refer to). With <paramref name="waitForServer"/> it returns only once the server
    /// has the message (see <see cref="XmppClient.SendAndConfirmAsync"/>).</summary>
    public async Task<Message> SendAsync(Jid to, string body, bool waitForServer = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(body);
        var message = new Message(to, body) { Id = Client.Options.IdGenerator.NextId() };
        if (waitForServer)
            await Client.SendAndConfirmAsync(message, cancellationToken).ConfigureAwait(false);
        else
            await Client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    private ValueTask OnMessageAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        Deliver(Classify((Message)stanza, ChatDirection.Incoming, isCarbon: false));
        return ValueTask.CompletedTask;
    }

    private void OnCorrection(object? sender, CorrectionEventArgs e)
    {
        if (e.Message.Type is MessageType.Chat or MessageType.Normal && e.Message.Body is not null)
            Deliver(Classify(e.Message, ChatDirection.Incoming, isCarbon: false));
    }

    private void OnCarbon(object? sender, CarbonEventArgs e)
    {
        if (e.Inner.Body is null || e.Inner.IsError)
            return;
        Deliver(Classify(e.Inner, e.Direction == CarbonDirection.Sent ? ChatDirection.Outgoing : ChatDirection.Incoming, isCarbon: true));
    }

    private ChatMessage? Classify(Message message, ChatDirection direction, bool isCarbon)
    {
        var from = message.From;
        var peer = direction == ChatDirection.Outgoing ? message.To : from;
        if (from is null || peer is null || message.Body is not { } body)
            return null;
        var now = Clock.GetUtcNow();
        var stamp = Client.BoundJid is { } me ? DelayedDelivery.GetTrustedStamp(message, me, now) : null;
        return new ChatMessage
        {
            Peer = peer.Bare,
            From = from,
            To = message.To,
            Direction = direction,
            IsCarbon = isCarbon,
            Time = stamp ?? now,
            IsDelayed = stamp is not null,
            Id = message.Id,
            OriginId = MessageIds.GetOriginId(message),
            StanzaId = Client.GetExtension<StanzaIdsExtension>()?.GetTrustedStanzaId(message),
            ReplaceId = message.Get<Replace>()?.Id,
            RequestsReceipt = message.Has<ReceiptRequest>(),
            Type = message.Type,
            Body = body,
            Html = XhtmlIm.GetStyledText(message),
            Link = OutOfBand.GetLink(message),
            OutOfBandUrl = OutOfBand.GetUrl(message),
            Thread = message.Thread,
            Message = message,
        };
    }

    private void Deliver(ChatMessage? message)
    {
        if (message is null)
            return;
        Raise(MessageReceived, message);
        foreach (var reader in _readers)
            reader.Writer.TryWrite(message);
    }
}
