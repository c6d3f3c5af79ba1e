using System.Collections.Concurrent;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.ChatStates;

/// <summary>XEP-0085 Chat State Notifications: advertises the feature, raises
/// <see cref="ChatStateReceived"/>, and tracks per peer whether states may be sent (§5.1).</summary>
public sealed class ChatStatesExtension : IXmppExtension
{
    // Keyed by bare JID: support is a property of the peer's account in practice, and replies may come
    // from another resource than the one we wrote to.
    private readonly ConcurrentDictionary<Jid, ChatStateSupport> _support = new();
    private readonly ConcurrentDictionary<Jid, bool> _awaitingReply = new();
    private XmppClient? _client;

    /// <summary>Raised for every one-to-one message that carries a chat state.</summary>
    public event EventHandler<ChatStateEventArgs>? ChatStateReceived;

    /// <summary>The client this extension is attached to.</summary>
    public XmppClient Client => _client ?? throw new InvalidOperationException("The extension is not attached to a client.");

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        client.Router.AddFeature(ChatStates.Namespace);
        client.Router.AddHandler(static s => s is Message { Type: not MessageType.Groupchat, From: not null }, OnMessageAsync);
    }

    /// <summary>What we know about <paramref name="peer"/>'s support.</summary>
    public ChatStateSupport GetSupport(Jid peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return _support.GetValueOrDefault(peer.Bare, ChatStateSupport.Unknown);
    }

    /// <summary>Records what service discovery (or the application) says about <paramref name="peer"/>.</summary>
    public void SetSupport(Jid peer, ChatStateSupport support)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _support[peer.Bare] = support;
    }

    /// <summary>Makes the sending helper for one conversation.</summary>
    /// <param name="peer">Who we chat with.</param>
    /// <param name="pauseAfter">Idle time after typing before <c>paused</c> is sent (§5.3 suggests about 30 s; default 5 s).</param>
    /// <param name="timeProvider">The clock, injectable for tests; the system clock when null.</param>
    public ChatStateNotifier CreateNotifier(Jid peer, TimeSpan? pauseAfter = null, TimeProvider? timeProvider = null) =>
        new(this, peer, pauseAfter ?? TimeSpan.FromSeconds(5), timeProvider ?? TimeProvider.System);

    /// <summary>Whether a content message to <paramref name="peer"/> should carry a state: yes unless the
    /// peer is known not to support them.</summary>
    internal bool MayAttachTo(Jid peer) => GetSupport(peer) != ChatStateSupport.Unsupported;

    /// <summary>Whether a standalone notification may go to <paramref name="peer"/>: only once support is known (§5.1).</summary>
    internal bool MaySendStandalone(Jid peer) => GetSupport(peer) == ChatStateSupport.Supported;

    /// <summary>Notes that a content message with a state went out, so the next reply tells us about support.</summary>
    internal void SentContentWithState(Jid peer)
    {
        if (GetSupport(peer) == ChatStateSupport.Unknown)
            _awaitingReply[peer.Bare] = true;
    }

    private ValueTask OnMessageAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        var from = message.From!;
        var state = ChatStates.Get(message);
        if (message.Type == MessageType.Error)
        {
            // §5.1: an error in reply to our state means the peer (or its server) does not want them.
            if (_awaitingReply.TryRemove(from.Bare, out _))
                _support[from.Bare] = ChatStateSupport.Unsupported;
            return ValueTask.CompletedTask;
        }
        if (state is { } s)
        {
            _awaitingReply.TryRemove(from.Bare, out _);
            _support[from.Bare] = ChatStateSupport.Supported;
            var handler = ChatStateReceived;
            handler?.Invoke(this, new ChatStateEventArgs(from, s, message));
        }
        else if (message.Body is not null && _awaitingReply.TryRemove(from.Bare, out _))
        {
            // §5.1: the peer answered our first message without a state; it does not do chat states.
            _support.TryUpdate(from.Bare, ChatStateSupport.Unsupported, ChatStateSupport.Unknown);
            _support.TryAdd(from.Bare, ChatStateSupport.Unsupported);
        }
        return ValueTask.CompletedTask;
    }
}
