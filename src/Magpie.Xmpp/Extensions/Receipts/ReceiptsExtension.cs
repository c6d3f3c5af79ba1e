using Magpie.Xmpp.Routing;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;

namespace Magpie.Xmpp.Extensions.Receipts;

/// <summary>XEP-0184 Message Delivery Receipts: requests receipts on outgoing chat messages, answers
/// requests, and claims receipts, which come out as <see cref="ReceiptReceived"/> (a message that only
/// acknowledges another does not reach <see cref="XmppClient.MessageReceived"/>).</summary>
public sealed class ReceiptsExtension : XmppExtension
{
    /// <summary>Whether outgoing chat messages with a body ask for a receipt (default true). Such a
    /// message is given an id when it has none, since a receipt refers to it.</summary>
    public bool RequestReceipts { get; set; } = true;

    /// <summary>Whether requests from peers are answered (default true). Turning this off leaks less
    /// about when we are online, at the cost of the sender's certainty. Requests are answered after the
    /// message was delivered to the application (<see cref="InboundOrder.Generic"/>): a receipt follows
    /// the handlers that keep the message.</summary>
    public bool SendReceipts { get; set; } = true;

    /// <summary>Raised when a peer acknowledges one of our messages.</summary>
    public event EventHandler<ReceiptEventArgs>? ReceiptReceived;

    /// <inheritdoc />
    protected override void OnAttached()
    {
        AddFeature(Receipt.Namespace);
        RegisterPayload<Receipt>();
        RegisterPayload<ReceiptRequest>();
        AddOutgoingMessageFilter(InboundOrder.Receipts, OnSending);
        // A bare acknowledgement is this extension's; one riding on a message with a body is only noted.
        AddClaim(InboundOrder.Receipts, static s => s is Message { Body: null } m && m.Has<Receipt>(), OnReceiptAsync);
        AddHandler(InboundOrder.Generic, static s => s is Message m && (m.Has<ReceiptRequest>() || (m.Body is not null && m.Has<Receipt>())), OnMessageAsync);
    }

    private void OnSending(Message message)
    {
        if (!RequestReceipts || message.Type != MessageType.Chat || message.Body is null || message.Has<Receipt>())
            return;
        message.Id ??= Client.Options.IdGenerator.NextId();
        if (!message.Has<ReceiptRequest>())
            message.Set(ReceiptRequest.Instance);
    }

    private ValueTask OnReceiptAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        if (message.From is { } from && message.Type != MessageType.Error && message.Get<Receipt>() is { } receipt)
            Raise(ReceiptReceived, new ReceiptEventArgs(from, receipt.Id));
        return ValueTask.CompletedTask;
    }

    private async ValueTask OnMessageAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        if (message.Body is not null && message.Has<Receipt>())
            await OnReceiptAsync(message, cancellationToken).ConfigureAwait(false);
        if (SendReceipts)
            await SendReceiptAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answers <paramref name="message"/>'s receipt request now. For an application that turns
    /// <see cref="SendReceipts"/> off so as to acknowledge a message only once it has kept it (stored it, say):
    /// a receipt then means the message is safe, not merely that it reached the process.</summary>
    /// <returns>True when a receipt went out; false when the message asked for none or must not get one
    /// (groupchat, error, no id), or when it could not be sent.</returns>
    public async Task<bool> SendReceiptAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var client = Client;
        if (message.From is not { } from || !message.Has<ReceiptRequest>())
            return false;
        // §5.4: never for groupchat (every occupant would answer) nor errors; and a receipt needs an id to refer to.
        if (message.Type is MessageType.Groupchat or MessageType.Error || string.IsNullOrEmpty(message.Id))
            return false;
        var receipt = new Message { To = from, Type = message.Type == MessageType.Chat ? MessageType.Chat : MessageType.Normal };
        receipt.Id = client.Options.IdGenerator.NextId();
        receipt.Set(new Receipt(message.Id));
        try
        {
            await client.SendAsync(receipt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            Logger.LogDebug(ex, "Could not send a receipt to {From}", from);
            return false;
        }
    }
}
