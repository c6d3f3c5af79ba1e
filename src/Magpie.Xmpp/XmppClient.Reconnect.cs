using System.Text;
using Magpie.Xmpp.Connection;
using Magpie.Xmpp.StreamManagement;
using Magpie.Xmpp.Transport;
using Microsoft.Extensions.Logging;

namespace Magpie.Xmpp;

public sealed partial class XmppClient
{
    // Guards _session, the outbox and the reconnection fields together, so that a stanza is either in a
    // session's queue or in the outbox, never lost between the two while a connection changes.
    private readonly Lock _sendLock = new();
    private readonly List<Outgoing> _outbox = [];
    private Func<CancellationToken, Task<(Stream Network, XmppEndpoint Endpoint)>>? _open;
    private Func<Stream, CancellationToken, Task<TlsSession>>? _startTls;
    private StreamManagementState? _streamManagement;
    private Task _lastDispatch = Task.CompletedTask;
    private Jid? _lastBoundJid;
    private bool _queueWhileDisconnected;
    private bool _stopRequested;
    private Task? _reconnectTask;
    private CancellationTokenSource? _reconnectStop;
    private ConnectionState _state = ConnectionState.Disconnected;
    // Failed reconnection attempts and sessions lost before ReconnectPolicy.StableAfter, since the last session that
    // lasted (or the application's ConnectAsync): the backoff's position. Under _sendLock.
    private int _failedAttempts;
    // The latest failure that was the client refusing the server's stream, and how many times in a row it came.
    private string? _refusal;
    private int _refusalCount;

    /// <summary>Raised when the connection state changes: <see cref="ConnectionState.Connected"/> after
    /// <see cref="ConnectAsync(CancellationToken)"/>; after an unrequested loss <see cref="ConnectionState.Disconnected"/>
    /// (with <see cref="ConnectionStateChangedEventArgs.WillReconnect"/>), then <see cref="ConnectionState.Reconnecting"/>
    /// before each attempt, then <see cref="ConnectionState.Resumed"/> or <see cref="ConnectionState.Reconnected"/>.
    /// A final <see cref="ConnectionState.Disconnected"/> without <c>WillReconnect</c> carries the reason the client stopped.
    /// Handlers must not block.</summary>
    public event EventHandler<ConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <summary>The latest state reported by <see cref="ConnectionStateChanged"/>.</summary>
    public ConnectionState State => _state;

    /// <summary>Whether XEP-0198 stream management is on for the current session.</summary>
    public bool IsStreamManagementEnabled => _session?.StreamManagement is not null;

    /// <summary>Whether the current session could be resumed after a connection loss (XEP-0198).</summary>
    public bool IsResumable => _session?.StreamManagement?.ResumptionId is not null;

    /// <summary>Test seam: the stream management bookkeeping, kept across connections.</summary>
    internal StreamManagementState? CurrentStreamManagement => _streamManagement;

    private void ThrowIfReconnecting()
    {
        lock (_sendLock)
        {
            if (_reconnectTask is not null)
                throw new InvalidOperationException("The client is reconnecting; disconnect first.");
            _stopRequested = false;
        }
    }

    private async Task ConnectCoreAsync(Stream network, XmppEndpoint endpoint, Func<Stream, CancellationToken, Task<TlsSession>> startTls,
        bool reconnecting, CancellationToken cancellationToken)
    {
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsConnected)
                throw new InvalidOperationException("The client is already connected.");
            var previous = reconnecting ? _streamManagement : null;
            var session = new XmppConnection(this, network, endpoint);
            try
            {
                await NegotiateAsync(session, startTls, cancellationToken, resumeFrom: previous).ConfigureAwait(false);
            }
            catch
            {
                await session.DisposeTransportAsync().ConfigureAwait(false);
                throw;
            }

            // What goes out first, before anything the application sends from now on.
            var first = new List<Outgoing>();
            if (session.Resumed)
            {
                foreach (var unacked in previous!.TakeForResume())
                    first.Add(new Outgoing(unacked.Bytes, unacked.IsMessage ? OutgoingKind.Message : OutgoingKind.Stanza, null));
                _logger.LogInformation("Session resumed; resending {Count} unacknowledged stanzas", first.Count);
                // The server's <a/> to this request proves it parses the resumed stream; without one in time
                // (or if the stream dies first) the session is not resumed again but replaced (see OnSessionEnded).
                first.Add(XmppConnection.Serialize(StreamManagementNonzas.BuildRequest(), null, withCompletion: false));
                previous.NoteAckRequested();
                previous.MarkResumeUnproven(Options.TimeProvider.GetTimestamp());
            }
            else
            {
                if (previous is not null)
                {
                    // XEP-0198: the old session is gone with its IQs and presence; messages are worth sending again.
                    foreach (var unacked in previous.TakeMessagesForNewSession())
                        first.Add(new Outgoing(unacked.Bytes, OutgoingKind.Message, null));
                    _logger.LogInformation("Session not resumed; sending {Count} unacknowledged messages again", first.Count);
                }
                if (reconnecting)
                    _iqs.FailAll(new XmppNotConnectedException("The session was replaced by a new one before an answer came."));
                _streamManagement = session.StreamManagement;
                if (_inactive && SupportsClientState(session))
                    first.Add(XmppConnection.Serialize(ClientStateElement(inactive: true), null, withCompletion: false));
            }
            var trace = Options.ProtocolTrace;
            lock (_sendLock)
            {
                _session = session;
                foreach (var item in first)
                {
                    trace?.Sent(Encoding.UTF8.GetString(item.Bytes));
                    session.TryEnqueue(item);
                }
                foreach (var item in _outbox)
                    session.TryEnqueue(item);
                _outbox.Clear();
                _queueWhileDisconnected = Options.Reconnect.Enabled && _open is not null;
                // Cleared here, not after returning: the new session could already be lost and start a new loop.
                if (reconnecting)
                    _reconnectTask = null;
            }
            session.EstablishedAt = Options.TimeProvider.GetTimestamp();
            if (!reconnecting)
            {
                lock (_sendLock)
                    ResetFailures();
            }
            _lastBoundJid = session.BoundJid;
            _logger.LogInformation("Session {How} as {Jid} over {Tls} with {Mechanism}", session.Resumed ? "resumed" : "established",
                session.BoundJid, session.Tls?.Protocol, session.Mechanism);
            // Reported before the loops start: a connection lost at once must read Connected, then Disconnected.
            var state = !reconnecting ? ConnectionState.Connected : session.Resumed ? ConnectionState.Resumed : ConnectionState.Reconnected;
            SetState(new ConnectionStateChangedEventArgs(state));
            _lastDispatch = session.Start(_lastDispatch);
            Raise(SessionStarted, new SessionStartedEventArgs(session.BoundJid!, session.Resumed));
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>Queues an element on the session, or in the outbox while reconnecting.</summary>
    private Task EnqueueAsync(System.Xml.Linq.XElement element, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sendLock)
        {
            var session = _session;
            if (session is not null && session.IsOpen)
            {
                var item = XmppConnection.Serialize(element, Options.ProtocolTrace, withCompletion: true);
                if (session.TryEnqueue(item))
                    return item.Written!.Task.WaitAsync(cancellationToken);
                if (!_queueWhileDisconnected)
                    throw new XmppNotConnectedException("The session has ended; the stanza was not sent.");
                // The session is ending and a reconnection will follow: the outbox takes it.
                QueueForLater(item with { Written = null });
                return Task.CompletedTask;
            }
            if (!_queueWhileDisconnected)
                throw new XmppNotConnectedException();
            QueueForLater(XmppConnection.Serialize(element, Options.ProtocolTrace, withCompletion: false));
            return Task.CompletedTask;
        }
    }

    private void QueueForLater(Outgoing item)
    {
        if (_outbox.Count >= Options.Reconnect.MaxQueuedStanzas)
            throw new XmppNotConnectedException($"The client is reconnecting and already holds {_outbox.Count} stanzas; this one was not queued.");
        _outbox.Add(item);
    }

    internal void OnSessionEnded(XmppConnection session, Exception? error, bool requested, List<Outgoing> unsent)
    {
        bool reconnect;
        // The loop is registered under the lock (so DisconnectAsync can stop it) but starts only once the
        // Disconnected state is reported, so that observers see Disconnected before Reconnecting.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sendLock)
        {
            if (ReferenceEquals(_session, session))
                _session = null;
            if (session.Resumed && session.StreamManagement is { ResumeUnprovenSince: not null } unproven)
            {
                // A resumed stream that ended before the server acknowledged anything on it may be one the server
                // cannot parse (half a stanza of the cut connection left in its parser): resuming that session
                // again would feed the same broken parser, so the next connection binds a new session.
                _logger.LogWarning("The resumed session ended before the server acknowledged anything; binding a new session next");
                unproven.ForgetResumption();
            }
            reconnect = !requested && !_disposed && !_stopRequested && Options.Reconnect.Enabled && _open is not null && !IsFatal(error);
            if (reconnect)
            {
                if (session.EstablishedAt is { } established && Options.TimeProvider.GetElapsedTime(established) >= Options.Reconnect.StableAfter)
                    ResetFailures();
                if (NoteRefusal(error) is { } giveUp)
                {
                    reconnect = false;
                    error = giveUp;
                }
            }
            if (reconnect)
            {
                // Unsent items go first: they were queued before anything sent during the outage.
                _outbox.InsertRange(0, unsent.Select(u => u with { Written = null }));
                foreach (var item in unsent)
                    item.Written?.TrySetResult();
                _reconnectStop = new CancellationTokenSource();
                var stop = _reconnectStop.Token;
                _reconnectTask = Task.Run(async () =>
                {
                    await go.Task.ConfigureAwait(false);
                    await ReconnectLoopAsync(session, error, stop).ConfigureAwait(false);
                }, CancellationToken.None);
            }
        }
        if (!reconnect)
        {
            foreach (var item in unsent)
                item.Written?.TrySetException(new XmppNotConnectedException("The session ended before the stanza was sent.", error));
            StopForGood(error, requested);
            return;
        }
        if (_streamManagement?.ResumptionId is null)
            _iqs.FailAll(new XmppNotConnectedException("The session ended before an answer came.", error));
        _logger.LogWarning("Connection lost ({Reason}); reconnecting", error?.Message ?? "closed by the server");
        SetState(new ConnectionStateChangedEventArgs(ConnectionState.Disconnected, error, willReconnect: true));
        go.SetResult();
    }

    private async Task ReconnectLoopAsync(XmppConnection old, Exception? error, CancellationToken stop)
    {
        // Let the old writer finish: it may still be recording a stanza in the stream management state.
        try
        {
            await old.Stopped.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogDebug("The old connection's writer did not stop in time");
        }
        var policy = Options.Reconnect;
        var lastError = error;
        while (true)
        {
            int attempt;
            lock (_sendLock)
                attempt = ++_failedAttempts;
            if (policy.MaxAttempts is { } max && attempt > max)
            {
                Finish(new XmppConnectionException($"Gave up reconnecting after {max} attempts: {lastError?.Message}", lastError), requested: false);
                return;
            }
            var delay = policy.GetDelay(attempt, Random.Shared.NextDouble());
            // The wait starts before it is announced, so whoever hears "reconnecting in N s" may count from then.
            var wait = delay > TimeSpan.Zero ? Task.Delay(delay, Options.TimeProvider, stop) : Task.CompletedTask;
            SetState(new ConnectionStateChangedEventArgs(ConnectionState.Reconnecting, lastError, willReconnect: true, attempt, delay));
            try
            {
                await wait.ConfigureAwait(false);
                var (network, endpoint) = await _open!(stop).ConfigureAwait(false);
                await ConnectCoreAsync(network, endpoint, _startTls!, reconnecting: true, stop).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                Finish(null, requested: true);
                return;
            }
            catch (Exception ex) when (IsFatal(ex))
            {
                _logger.LogError("Reconnection stopped: {Reason}", ex.Message);
                Finish(ex, requested: false);
                return;
            }
            catch (Exception ex) when (ex is XmppException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                _logger.LogInformation("Reconnection attempt {Attempt} failed: {Reason}", attempt, ex.Message);
                lastError = ex;
                Exception? giveUp;
                lock (_sendLock)
                    giveUp = NoteRefusal(ex);
                if (giveUp is not null)
                {
                    _logger.LogError("Reconnection stopped: {Reason}", giveUp.Message);
                    Finish(giveUp, requested: false);
                    return;
                }
            }
        }

        void Finish(Exception? reason, bool requested)
        {
            lock (_sendLock)
                _reconnectTask = null;
            StopForGood(reason, requested);
        }
    }

    /// <summary>Starts the backoff and the refusal count afresh. Under <see cref="_sendLock"/>.</summary>
    private void ResetFailures()
    {
        _failedAttempts = 0;
        _refusal = null;
        _refusalCount = 0;
    }

    /// <summary>Counts a failure towards <see cref="ReconnectPolicy.MaxIdenticalFailures"/>; returns the reason to stop
    /// with once the same refusal came too often in a row, else null. Under <see cref="_sendLock"/>.</summary>
    private XmppConnectionException? NoteRefusal(Exception? error)
    {
        var key = RefusalKey(error);
        if (key is null || key != _refusal)
            _refusalCount = 0;
        _refusal = key;
        if (key is null)
            return null;
        _refusalCount++;
        if (Options.Reconnect.MaxIdenticalFailures is not { } max || _refusalCount < max)
            return null;
        return new XmppConnectionException(
            $"Gave up reconnecting: the client refused the server's stream {_refusalCount} times in a row for the same reason: {error!.Message}", error);
    }

    /// <summary>What identifies a failure that is the client refusing what the server sent (its kind and stream error
    /// condition), or null for anything else: a lost connection, the server's own stream error, a refused login.</summary>
    private static string? RefusalKey(Exception? error) =>
        error is XmppProtocolException protocol and not (XmppStreamErrorException or XmppConnectionException or XmppAuthenticationException)
            ? $"{protocol.GetType().Name}:{protocol.Condition ?? protocol.Message}"
            : null;

    /// <summary>The client stops: queued stanzas are dropped, waits fail, and <see cref="Disconnected"/> is raised once.</summary>
    private void StopForGood(Exception? error, bool requested)
    {
        List<Outgoing> dropped;
        lock (_sendLock)
        {
            dropped = [.. _outbox];
            _outbox.Clear();
            _queueWhileDisconnected = false;
        }
        if (dropped.Count > 0)
            _logger.LogWarning("Dropped {Count} stanzas queued while reconnecting", dropped.Count);
        foreach (var item in dropped)
            item.Written?.TrySetException(new XmppNotConnectedException("The client stopped before the stanza was sent.", error));
        _iqs.FailAll(new XmppNotConnectedException("The session ended before an answer came.", error));
        var unacked = _streamManagement?.UnackedCount ?? 0;
        if (unacked > 0)
            _logger.LogWarning("{Count} sent stanzas were never acknowledged by the server", unacked);
        _streamManagement = null;
        if (error is not null)
            _logger.LogWarning("Session ended: {Reason}", error.Message);
        else
            _logger.LogInformation("Session ended");
        SetState(new ConnectionStateChangedEventArgs(ConnectionState.Disconnected, error, willReconnect: false));
        Raise(Disconnected, new DisconnectedEventArgs(error, requested));
    }

    /// <summary>Errors that reconnecting cannot fix, or must not try to: credentials, trust, another client
    /// taking over the resource, the server's explicit refusal, broken stream management counting.</summary>
    private static bool IsFatal(Exception? error) => error switch
    {
        XmppAuthenticationException or XmppTlsException or HandledCountTooHighException => true,
        XmppStreamErrorException { Condition: "conflict" or "policy-violation" or "not-authorized" or "host-unknown" } => true,
        _ => false,
    };

    private void SetState(ConnectionStateChangedEventArgs args)
    {
        _state = args.State;
        Raise(ConnectionStateChanged, args);
    }
}
