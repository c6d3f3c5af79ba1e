using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Extensions.Receipts;

/// <summary>XEP-0184 Message Delivery Receipts: requests receipts on outgoing chat messages, answers
/// requests, and raises <see cref="ReceiptReceived"/>.</summary>
public sealed class ReceiptsExtension : IXmppExtension
{
    private XmppClient? _client;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>Whether outgoing chat messages with a body ask for a receipt (default true). Such a
    /// message is given an id when it has none, since a receipt refers to it.</summary>
    public bool RequestReceipts { get; set; } = true;

    /// <summary>Whether requests from peers are answered (default true). Turning this off leaks less
    /// about when we are online, at the cost of the sender's certainty.</summary>
    public bool SendReceipts { get; set; } = true;

    /// <summary>Raised when a peer acknowledges one of our messages.</summary>
    public event EventHandler<ReceiptEventArgs>? ReceiptReceived;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ReceiptsExtension>();
        client.Router.AddFeature(Receipts.Namespace);
        client.Router.AddOutgoingMessageFilter(OnSending);
        client.Router.AddHandler(static s => s is Message m && (m.HasChild(Receipts.RequestName) || m.HasChild(Receipts.ReceivedName)), OnMessageAsync);
    }

    private void OnSending(Message message)
    {
        if (!RequestReceipts || message.Type != MessageType.Chat || message.Body is null || Receipts.GetReceiptId(message) is not null)
            return;
        message.Id ??= _client!.Options.IdGenerator.NextId();
        Receipts.Request(message);
    }

    private async ValueTask OnMessageAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        if (message.From is not { } from)
            return;
        if (Receipts.GetReceiptId(message) is { } acknowledged && message.Type != MessageType.Error)
            ReceiptReceived?.Invoke(this, new ReceiptEventArgs(from, acknowledged));
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
        var client = _client ?? throw new InvalidOperationException("The extension is not attached to a client.");
        if (message.From is not { } from || !Receipts.IsRequested(message))
            return false;
        // §5.4: never for groupchat (every occupant would answer) nor errors; and a receipt needs an id to refer to.
        if (message.Type is MessageType.Groupchat or MessageType.Error || string.IsNullOrEmpty(message.Id))
            return false;
        var receipt = new Message { To = from, Type = message.Type == MessageType.Chat ? MessageType.Chat : MessageType.Normal };
        receipt.Id = client.Options.IdGenerator.NextId();
        receipt.Element.Add(new XElement(Receipts.ReceivedName, new XAttribute("id", message.Id)));
        try
        {
            await client.SendAsync(receipt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            _logger.LogDebug(ex, "Could not send a receipt to {From}", from);
            return false;
        }
    }
}
