namespace Magpie.Xmpp.Extensions.Receipts;

/// <summary>XEP-0184: <see cref="From"/> acknowledged the message with id <see cref="Id"/>.</summary>
public sealed class ReceiptEventArgs(Jid from, string id) : EventArgs
{
    /// <summary>Who sent the receipt.</summary>
    public Jid From { get; } = from;

    /// <summary>The id of our message that was received.</summary>
    public string Id { get; } = id;
}
