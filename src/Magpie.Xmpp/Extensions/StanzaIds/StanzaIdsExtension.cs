using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.StanzaIds;

/// <summary>XEP-0359 Unique and Stable Stanza IDs: advertises support and, unless
/// <see cref="AddOriginId"/> is turned off, gives every outgoing message an origin-id.</summary>
public sealed class StanzaIdsExtension : IXmppExtension
{
    private XmppClient? _client;

    /// <summary>Whether outgoing messages get an origin-id (default true).</summary>
    public bool AddOriginId { get; set; } = true;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        client.Router.AddFeature(MessageIds.Namespace);
        client.Router.AddOutgoingMessageFilter(OnSending);
    }

    /// <summary>The stanza-id our own archive (our bare JID) stamped on a received message, or null.</summary>
    public string? GetArchiveId(Message message) =>
        _client?.BoundJid is { } me ? MessageIds.GetStanzaId(message, me.Bare) : null;

    private void OnSending(Message message)
    {
        // Errors are replies about someone else's stanza: they keep that stanza's id and need no origin-id.
        if (AddOriginId && message.Type != MessageType.Error)
            MessageIds.EnsureOriginId(message, _client?.Options.IdGenerator);
    }
}
