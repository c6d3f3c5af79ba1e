using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.OutOfBand;

/// <summary>XEP-0066 Out of Band Data: advertises <c>jabber:x:oob</c>, raises <see cref="LinkReceived"/> for
/// messages that share a link (OOB or a bare URL body), and sends links. It never fetches anything:
/// downloads happen only when the application asks <see cref="FileDownloader"/>.</summary>
public sealed class OutOfBandExtension : IXmppExtension
{
    private XmppClient? _client;

    /// <summary>Raised for each received message that shares a link.</summary>
    public event EventHandler<SharedLinkEventArgs>? LinkReceived;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        client.Router.AddFeature(OutOfBand.Namespace);
        client.Router.AddHandler(static s => s is Message { IsError: false }, OnMessageAsync);
    }

    /// <summary>Sends <paramref name="url"/> to a contact (<see cref="MessageType.Chat"/>) or a room
    /// (<see cref="MessageType.Groupchat"/> to the room's bare JID), as body and OOB element.</summary>
    /// <returns>The message's id.</returns>
    public async Task<string> SendLinkAsync(Jid to, Uri url, MessageType type = MessageType.Chat, string? description = null, CancellationToken cancellationToken = default)
    {
        var client = _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");
        var message = OutOfBand.CreateMessage(to, url, type, description);
        message.Id = client.Options.IdGenerator.NextId();
        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Id;
    }

    private ValueTask OnMessageAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        if (OutOfBand.GetLink(message) is { } link)
            LinkReceived?.Invoke(this, new SharedLinkEventArgs(link, message));
        return ValueTask.CompletedTask;
    }
}
