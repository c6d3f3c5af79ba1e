using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.ChatStates;

/// <summary>XEP-0085 sending rules for one conversation: <c>composing</c> when typing starts,
/// <c>paused</c> after a quiet spell, <c>active</c> with each sent message, never the same state twice in
/// a row, and no standalone states to a peer that has not shown support (§5.1).</summary>
/// <remarks>Chat states and the messages sent through the notifier leave in the order of the calls, one after
/// the other: each is decided when its turn comes (after everything called before it was handed to the
/// network), so a keystroke followed at once by a send gives <c>composing</c> then the message, never the
/// message then a late <c>composing</c>, and the idle timer's <c>paused</c> never follows a message. The
/// methods queue their work and return at once (the returned task says how it went); call them in the order
/// the user acted, e.g. from the UI thread. <see cref="State"/> is the state really sent.</remarks>
public sealed class ChatStateNotifier : IDisposable
{
    private readonly ChatStatesExtension _extension;
    private readonly TimeSpan _pauseAfter;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private ChatState _state = ChatState.Active;
    private Task _tail = Task.CompletedTask;
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

    /// <summary>The state we last sent (standalone, or with a message); <c>active</c> before anything was sent.
    /// A state that could not be sent (no support shown yet, or the send failed) is not recorded.</summary>
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
            return EnqueueLocked(() => TransitionAsync(ChatState.Composing, onlyFrom: null, cancellationToken), cancellationToken);
        }
    }

    /// <summary>Sends a content message to the peer with <c>active</c> attached (unless the peer is known
    /// not to support states) and stops the pause timer. It leaves after the states asked for before it.</summary>
    public Task SendMessageAsync(Message message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.To ??= Peer;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return EnqueueLocked(() => SendContentAsync(message, cancellationToken), cancellationToken);
        }
    }

    /// <summary>The user left the conversation window: sends <c>inactive</c>.</summary>
    public Task SetInactiveAsync(CancellationToken cancellationToken = default) => StopAndTransitionAsync(ChatState.Inactive, cancellationToken);

    /// <summary>The user closed the conversation: sends <c>gone</c>.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken = default) => StopAndTransitionAsync(ChatState.Gone, cancellationToken);

    /// <summary>The user came back to the conversation: sends <c>active</c>.</summary>
    public Task SetActiveAsync(CancellationToken cancellationToken = default) => StopAndTransitionAsync(ChatState.Active, cancellationToken);

    /// <summary>Stops the timer; nothing more is queued (what is queued already still goes out).</summary>
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
            return EnqueueLocked(() => TransitionAsync(state, onlyFrom: null, cancellationToken), cancellationToken);
        }
    }

    private void OnIdle(object? state)
    {
        Task send;
        lock (_gate)
        {
            if (_disposed)
                return;
            // Decided in turn: a message (or anything else) queued before this makes it moot.
            send = EnqueueLocked(() => TransitionAsync(ChatState.Paused, onlyFrom: ChatState.Composing, CancellationToken.None), CancellationToken.None);
        }
        LastTimerSend = ObserveTimerSendAsync(send);
    }

    private static async Task ObserveTimerSendAsync(Task send)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (XmppException)
        {
            // A timer send that finds the session gone has nobody to tell; the next user action will.
        }
    }

    /// <summary>Runs <paramref name="step"/> once everything queued before it is done (however that went).</summary>
    private Task EnqueueLocked(Func<Task> step, CancellationToken cancellationToken)
    {
        var next = RunAfterAsync(_tail, step, cancellationToken);
        _tail = next;
        return next;
    }

    private static async Task RunAfterAsync(Task previous, Func<Task> step, CancellationToken cancellationToken)
    {
        // Always yields: the caller (a UI thread) only queues; its failure was its own caller's to see.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        cancellationToken.ThrowIfCancellationRequested();
        await step().ConfigureAwait(false);
    }

    private async Task SendContentAsync(Message message, CancellationToken cancellationToken)
    {
        if (_extension.MayAttachTo(Peer))
        {
            ChatStates.Set(message, ChatState.Active);
            _extension.SentContentWithState(Peer);
        }
        await _extension.Client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        // A message says the user is active, whether or not it could carry the state.
        lock (_gate)
            _state = ChatState.Active;
    }

    private async Task TransitionAsync(ChatState state, ChatState? onlyFrom, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state == state || onlyFrom is { } from && _state != from)
                return;
        }
        if (!_extension.MaySendStandalone(Peer))
            return;
        var message = new Message { To = Peer, Type = MessageType.Chat };
        ChatStates.Set(message, state);
        await _extension.Client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        lock (_gate)
            _state = state;
    }
}
