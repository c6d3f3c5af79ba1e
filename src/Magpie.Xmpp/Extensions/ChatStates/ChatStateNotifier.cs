using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.ChatStates;

/// <summary>XEP-0085 sending rules for one conversation: <c>composing</c> when typing starts,
/// <c>paused</c> after a quiet spell, <c>active</c> with each sent message, never the same state twice in
/// a row, and no standalone states to a peer that has not shown support (§5.1).</summary>
public sealed class ChatStateNotifier : IDisposable
{
    private readonly ChatStatesExtension _extension;
    private readonly TimeSpan _pauseAfter;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private ChatState _state = ChatState.Active;
    private bool _disposed;

    internal ChatStateNotifier(ChatStatesExtension extension, Jid peer, TimeSpan pauseAfter, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pauseAfter, TimeSpan.Zero);
        _extension = extension;
        Peer = peer;
        _pauseAfter = pauseAfter;
        _timer = timeProvider.CreateTimer(OnIdle, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Who the conversation is with.</summary>
    public Jid Peer { get; }

    /// <summary>The state we last announced (or would have, had the peer supported it).</summary>
    public ChatState State { get { lock (_gate) return _state; } }

    /// <summary>The last idle-timer send, for callers that want to observe its outcome.</summary>
    public Task LastTimerSend { get; private set; } = Task.CompletedTask;

    /// <summary>Call on every keystroke: the first one sends <c>composing</c>; each restarts the pause timer.</summary>
    public Task TypingAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _timer.Change(_pauseAfter, Timeout.InfiniteTimeSpan);
        }
        return TransitionAsync(ChatState.Composing, cancellationToken);
    }

    /// <summary>Sends a content message to the peer with <c>active</c> attached (unless the peer is known
    /// not to support states) and stops the pause timer.</summary>
    public async Task SendMessageAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _state = ChatState.Active;
        }
        message.To ??= Peer;
        if (_extension.MayAttachTo(Peer))
        {
            ChatStates.Set(message, ChatState.Active);
            _extension.SentContentWithState(Peer);
        }
        await _extension.Client.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user left the conversation window: sends <c>inactive</c>.</summary>
    public Task SetInactiveAsync(CancellationToken cancellationToken = default) => StopAndTransitionAsync(ChatState.Inactive, cancellationToken);

    /// <summary>The user closed the conversation: sends <c>gone</c>.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken = default) => StopAndTransitionAsync(ChatState.Gone, cancellationToken);

    /// <summary>The user came back to the conversation: sends <c>active</c>.</summary>
    public Task SetActiveAsync(CancellationToken cancellationToken = default) => StopAndTransitionAsync(ChatState.Active, cancellationToken);

    /// <summary>Stops the timer; nothing more is sent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }

    private Task StopAndTransitionAsync(ChatState state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        return TransitionAsync(state, cancellationToken);
    }

    private void OnIdle(object? state)
    {
        lock (_gate)
        {
            if (_disposed || _state != ChatState.Composing)
                return;
        }
        LastTimerSend = SafeTransitionAsync(ChatState.Paused);
    }

    private async Task SafeTransitionAsync(ChatState state)
    {
        try
        {
            await TransitionAsync(state, CancellationToken.None).ConfigureAwait(false);
        }
        catch (XmppException)
        {
            // A timer send that finds the session gone has nobody to tell; the next user action will.
        }
    }

    private Task TransitionAsync(ChatState state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state == state)
                return Task.CompletedTask;
            _state = state;
        }
        if (!_extension.MaySendStandalone(Peer))
            return Task.CompletedTask;
        var message = new Message { To = Peer, Type = MessageType.Chat };
        ChatStates.Set(message, state);
        return _extension.Client.SendAsync(message, cancellationToken);
    }
}
