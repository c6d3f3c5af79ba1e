using System.Buffers;
using System.Text;
using System.Threading.Channels;
using System.Xml.Linq;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Routing;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.StreamManagement;
using Magpie.Xmpp.Transport;
using Magpie.Xmpp.Xml;
using Microsoft.Extensions.Logging;

namespace Magpie.Xmpp.Connection;

/// <summary>
/// The connection engine, apart from the <see cref="XmppClient"/> facade: the transport, the reader, the outgoing queue and the three tasks
/// (reading, writing, dispatching). A reconnect makes a new one.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "_stop is cancelled, not disposed: late callbacks may still observe its token.")]
internal sealed class XmppConnection
{
    private readonly XmppClient _client;
    private readonly Stream _network;
    // Not single-reader: when the session ends, what the writer did not take is drained for the next session.
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = false });
    // Incoming stanzas in stream order; made by Start. Bounded so that a flood the application cannot keep up
    // with pushes back on TCP instead of memory.
    private DispatchQueue<Stanza>? _incoming;
    private Action? _countInbound;
    private const int IncomingCapacity = 1024;
    private readonly CancellationTokenSource _stop = new();
    // Held while bytes go to the transport once the loops run: by the writer, or by the read loop answering an ack request.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TaskCompletionSource _closedByPeer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ended;
    private int _footerQueued;
    private Task _readTask = Task.CompletedTask;
    private Task _writeTask = Task.CompletedTask;
    private Task _dispatchTask = Task.CompletedTask;
    private Task _monitorTask = Task.CompletedTask;
    private long _lastReceived;

    public XmppConnection(XmppClient client, Stream network, XmppEndpoint endpoint)
    {
        _client = client;
        _network = network;
        Endpoint = endpoint;
        Stream = new TracingStream(network, client.Options.ProtocolTrace);
        // Only over a real socket: that is what the socket engine can hand to a waiting thread directly.
        if (client.Options.DedicatedReadThread && network is System.Net.Sockets.NetworkStream)
            ReadThread = new ReaderThread("Magpie XMPP reader");
    }

    /// <summary>The connection's own read thread (see <see cref="XmppClientOptions.DedicatedReadThread"/>), or null.</summary>
    public ReaderThread? ReadThread { get; }

    public XmppEndpoint Endpoint { get; }
    public Stream Stream { get; set; }
    public XmppStreamReader? Reader { get; set; }
    public TlsSession? Tls { get; set; }
    public string? Mechanism { get; set; }
    public Jid? BoundJid { get; set; }
    public XElement? Features { get; set; }
    public string? StreamId { get; set; }
    public bool IsOpen => Volatile.Read(ref _ended) == 0 && BoundJid is not null;

    /// <summary>XEP-0198 state when stream management is on for this connection (enabled or resumed), else null.</summary>
    public StreamManagementState? StreamManagement { get; set; }

    /// <summary>When the session was established (a <see cref="XmppClientOptions.TimeProvider"/> timestamp), or null before.</summary>
    public long? EstablishedAt { get; set; }

    /// <summary>True when this connection resumed an earlier session instead of binding anew.</summary>
    public bool Resumed { get; set; }

    /// <summary>Messages of a session that could not be resumed, to send again first on this one.</summary>
    public List<StreamManagementState.Unacked>? ResendOnNewSession { get; set; }

    /// <summary>Completes when the writer and the monitor have stopped: the SM state is no longer touched.</summary>
    public Task Stopped => Task.WhenAll(_writeTask, _monitorTask);

    private ILogger Logger => _client.Logger;
    private IProtocolTrace? Trace => _client.Options.ProtocolTrace;

    // ---- negotiation-time I/O (before the tasks run) ----

    public async Task WriteRawAsync(byte[] bytes, string traceText, CancellationToken cancellationToken)
    {
        Trace?.Sent(traceText);
        await Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task WriteElementAsync(XElement element, CancellationToken cancellationToken)
    {
        var bytes = XmppStreamWriter.Serialize(element);
        return WriteRawAsync(bytes, TraceText(element, bytes), cancellationToken);
    }

    public async Task<XElement> ReadElementAsync(CancellationToken cancellationToken)
    {
        var element = await Reader!.ReadElementAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new XmppProtocolException("The server closed the stream during negotiation.");
        if (element.Name == XName.Get("error", Namespaces.Streams))
            throw ParseStreamError(element);
        return element;
    }

    public async Task DisposeTransportAsync()
    {
        // The raw transport first: that fails any read still pending (say, after a keepalive found the
        // link dead), and the layers above can then be disposed without "operation in progress" errors.
        try
        {
            await _network.DisposeAsync().ConfigureAwait(false);
            await Stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
            Logger.LogDebug(ex, "Ignored while closing the transport");
        }
        try
        {
            Reader?.Dispose();
        }
        catch (InvalidOperationException ex)
        {
            Logger.LogDebug(ex, "Ignored while disposing the reader");
        }
        // The read thread ends once its current read has failed on the closed transport.
        ReadThread?.Complete();
    }

    // ---- the running session ----

    /// <summary>Starts the loops. Incoming stanzas are dispatched only once <paramref name="previousDispatch"/>
    /// (the former connection's dispatcher) is done, so a resumed session keeps the arrival order.</summary>
    public Task Start(Task previousDispatch)
    {
        Volatile.Write(ref _lastReceived, _client.Options.TimeProvider.GetTimestamp());
        _writeTask = Task.Run(WriteLoopAsync);
        // The read loop delivers each stanza itself unless the previous connection's are still being
        // delivered: a hand-off to another thread per batch cost more CPU than the rest of receiving.
        _incoming = new DispatchQueue<Stanza>(previousDispatch, Dispatch, ex => Logger.LogError(ex, "Dispatching a stanza failed"), IncomingCapacity);
        _dispatchTask = _incoming.Completion;
        _countInbound = StreamManagement is { } sm ? sm.CountInbound : null;
        if (ReadThread is not null && _network is System.Net.Sockets.NetworkStream { Socket: var socket })
        {
            // Not earlier: the TLS handshake's continuations would run on the socket engine's thread too.
            if (!ReaderThread.TryPreferInlineCompletions(socket))
                Logger.LogDebug("This runtime cannot handle socket events on the engine's thread; reads wake through the thread pool");
            _readTask = ReadThread.RunAsync(ReadLoopAsync);
        }
        else
        {
            _readTask = Task.Run(ReadLoopAsync);
        }
        _monitorTask = Task.Run(MonitorLoopAsync);
        return _dispatchTask;
    }

    public Task EnqueueAsync(XElement element, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = Serialize(element, Trace, withCompletion: true);
        if (!TryEnqueue(item))
            throw new XmppNotConnectedException("The session has ended; the stanza was not sent.");
        return item.Written!.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Serialises on the caller's thread: a forbidden character fails here, before anything is queued.</summary>
    public static Outgoing Serialize(XElement element, IProtocolTrace? trace, bool withCompletion)
    {
        var bytes = XmppStreamWriter.Serialize(element);
        trace?.Sent(TraceText(element, bytes));
        return new Outgoing(bytes, Outgoing.KindOf(element), withCompletion ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null);
    }

    public bool TryEnqueue(Outgoing item) => Volatile.Read(ref _footerQueued) == 0 && _outgoing.Writer.TryWrite(item);

    /// <summary>Queues a nonza (SM, CSI) without waiting; false when the session is closing.</summary>
    public bool TrySendNonza(XElement element) => TryEnqueue(Serialize(element, Trace, withCompletion: false));

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _footerQueued, 1) == 0)
        {
            // XEP-0198: acknowledge everything read before leaving. The server treats stanzas still
            // unacknowledged at a close as undelivered (Prosody bounces them to their senders as errors or
            // hands them to offline storage), though we read them.
            if (StreamManagement is { } sm)
                _outgoing.Writer.TryWrite(Serialize(StreamManagementNonzas.BuildAnswer(sm.Inbound), Trace, withCompletion: false));
            Trace?.Sent("</stream:stream>");
            _outgoing.Writer.TryWrite(new Outgoing(XmppStreamWriter.StreamFooter.ToArray(), OutgoingKind.Footer, null));
            _outgoing.Writer.TryComplete();
        }
        try
        {
            // RFC 6120 §4.4: wait a moment for the server to close its side before dropping TCP.
            await _closedByPeer.Task.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Logger.LogDebug("The server did not close its stream in time");
        }
        await EndAsync(null, requested: true).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        var peerClosed = false;
        try
        {
            while (true)
            {
                var element = await Reader!.ReadElementAsync(_stop.Token).ConfigureAwait(false);
                if (element is null)
                {
                    peerClosed = true;
                    _closedByPeer.TrySetResult();
                    break;
                }
                // Any traffic proves the link alive (the keepalive monitor watches this).
                Volatile.Write(ref _lastReceived, _client.Options.TimeProvider.GetTimestamp());
                if (element.Name.Namespace == StreamManagementNonzas.Ns)
                {
                    if (HandleStreamManagement(element) is { } tooHigh)
                    {
                        error = tooHigh;
                        await SendClosingAsync(StreamManagementNonzas.BuildHandledCountTooHighError(tooHigh.Handled, tooHigh.SendCount)).ConfigureAwait(false);
                        break;
                    }
                    continue;
                }
                if (element.Name == XName.Get("error", Namespaces.Streams))
                {
                    error = ParseStreamError(element);
                    peerClosed = true; // a stream error closes the stream (RFC 6120 §4.9.1.1)
                    break;
                }
                var stanza = Stanza.FromElement(element);
                if (stanza is null)
                {
                    Logger.LogDebug("Ignoring top-level element {Name}", element.Name);
                    continue;
                }
                if (!HasValidAddresses(stanza))
                {
                    StreamManagement?.CountInbound(); // dropped, but handled: the server must not resend it
                    continue;
                }
                // IQ answers go through the dispatch queue too, so that an answer is never seen before the
                // stanzas that arrived ahead of it (archive results before the query's end, say). Counted
                // once accepted, atomically with the queue's closing at the session's end: whatever was
                // accepted is delivered even if the connection drops, so it is "handled" in the XEP-0198
                // sense, and nothing read after the end is delivered or counted.
                var pending = ReaderThread.Stay(_incoming!.Post(stanza, _countInbound));
                if (!(pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false)))
                    break;
            }
        }
        catch (XmppProtocolException ex) when (OwnStreamError(ex) is not null)
        {
            error = ex;
            await RefuseAsync(ex).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or XmppException)
        {
            if (!_stop.IsCancellationRequested && Volatile.Read(ref _footerQueued) == 0)
                error = ex as XmppException ?? new XmppConnectionException("The connection was lost: " + ex.Message, ex);
        }
        var requested = Volatile.Read(ref _footerQueued) == 1 && error is null;
        // RFC 6120 §4.4: a closing tag is answered with ours before the TCP connection goes (a no-op when we
        // closed first, or sent a stream error of our own).
        if (peerClosed)
            await SendClosingAsync("</stream:stream>").ConfigureAwait(false);
        _closedByPeer.TrySetResult();
        await EndAsync(error, requested).ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var batch = new List<TaskCompletionSource>();
        var keptBySm = false;
        try
        {
            var reader = _outgoing.Reader;
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                // Shared with the read loop, which writes ack answers itself when the writer is idle.
                await _writeGate.WaitAsync(_stop.Token).ConfigureAwait(false);
                try
                {
                    // Coalesce what is queued into one write and one flush: fewer TLS records and syscalls.
                    var sm = StreamManagement;
                    keptBySm = sm is not null;
                    while (buffer.WrittenCount < 64 * 1024 && reader.TryRead(out var item))
                    {
                        buffer.Write(item.Bytes);
                        // Counted and kept before the write: if the write fails, the stanza is resent on resumption.
                        if (item.IsStanza)
                            sm?.RecordSent(item.Bytes, item.Kind == OutgoingKind.Message);
                        if (item.Written is not null)
                            batch.Add(item.Written);
                    }
                    if (sm is not null && sm.TakeAckRequestDue(_client.Options.AckRequestEvery))
                        AppendNonza(buffer, StreamManagementNonzas.BuildRequest());
                    await Stream.WriteAsync(buffer.WrittenMemory, _stop.Token).ConfigureAwait(false);
                    await Stream.FlushAsync(_stop.Token).ConfigureAwait(false);
                    foreach (var written in batch)
                        written.TrySetResult();
                    batch.Clear();
                    buffer.Clear();
                }
                finally
                {
                    _writeGate.Release();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            var error = new XmppNotConnectedException("The connection was lost before the stanza was sent.", ex);
            // Stanzas kept by stream management go out again after a reconnection: for the caller they are sent.
            var willResend = keptBySm && _client.Options.Reconnect.Enabled;
            foreach (var written in batch)
            {
                if (willResend)
                    written.TrySetResult();
                else
                    written.TrySetException(error);
            }
            if (!_stop.IsCancellationRequested)
                _ = EndAsync(new XmppConnectionException("Writing to the server failed: " + ex.Message, ex), requested: false);
        }
    }

    private void Dispatch(Stanza stanza)
    {
        if (stanza is Iq { IsRequest: false } answer)
        {
            if (!_client.Iqs.TryComplete(answer, BoundJid))
                Logger.LogDebug("Dropped an IQ answer nobody waits for (id {Id}, from {From})", answer.Id, answer.From);
            return;
        }
        // From here on handlers get the stanza read-only: each sees it as it arrived.
        stanza.MakeReadOnly(_client.Payloads);
        _client.RaiseStanzaReceived(stanza);
        if (stanza is Iq iq)
        {
            _ = AnswerIqAsync(iq);
            return;
        }
        // The ordered pipeline (InboundOrder): stages below Generic may claim the stanza; the generic event
        // is raised for what none claimed; observers at or after Generic see everything. Handlers start in
        // order; one that awaits (an IQ, say) finishes concurrently instead of holding up dispatch, which
        // must go on to deliver the very answer it may be waiting for.
        var pipeline = _client.Router.Pipeline;
        var stages = pipeline.Stages;
        var claimed = false;
        for (var i = 0; i < stages.Length; i++)
        {
            if (i == pipeline.GenericIndex && !claimed)
                RaiseGeneric(stanza);
            var stage = stages[i];
            if (stage.Claims && claimed)
                continue;
            if (!Matches(stage, stanza))
                continue;
            claimed |= stage.Claims;
            RunStage(stage, stanza);
        }
        if (pipeline.GenericIndex == stages.Length && !claimed)
            RaiseGeneric(stanza);
    }

    private void RaiseGeneric(Stanza stanza)
    {
        if (stanza is Message message)
            _client.RaiseMessageReceived(message);
        else if (stanza is Presence presence)
            _client.RaisePresenceReceived(presence);
    }

    private bool Matches(StanzaRouter.Stage stage, Stanza stanza)
    {
        try
        {
            return stage.Match(stanza);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "A stanza handler's filter threw");
            return false;
        }
    }

    private void RunStage(StanzaRouter.Stage stage, Stanza stanza)
    {
        try
        {
            var pending = stage.Handler(stanza, _stop.Token);
            if (!pending.IsCompletedSuccessfully)
                _ = ObserveAsync(pending);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "A stanza handler threw");
        }
    }

    private async Task ObserveAsync(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "A stanza handler threw");
        }
    }

    private async Task AnswerIqAsync(Iq request)
    {
        Iq reply;
        if (!request.HasValidType)
        {
            reply = request.CreateError(StanzaError.BadRequest);
        }
        else if (_client.Router.FindIqHandler(request) is not { } handler)
        {
            reply = request.CreateError(StanzaError.ServiceUnavailable);
        }
        else
        {
            try
            {
                reply = request.CreateResult(await handler(request, _stop.Token).ConfigureAwait(false));
            }
            catch (StanzaErrorException ex)
            {
                reply = request.CreateError(ex.Error);
            }
            catch (Exception ex)
            {
                Logger.LogError(ex, "An IQ handler threw");
                reply = request.CreateError(new StanzaError(StanzaErrorType.Cancel, "internal-server-error"));
            }
        }
        try
        {
            await EnqueueAsync(reply.Element, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            Logger.LogDebug(ex, "Could not answer an IQ");
        }
    }

    private bool HasValidAddresses(Stanza stanza)
    {
        try
        {
            _ = stanza.From;
            _ = stanza.To;
            return true;
        }
        catch (JidFormatException ex)
        {
            Logger.LogWarning("Dropped a stanza with an invalid address: {Reason}", ex.Message);
            return false;
        }
    }

    /// <summary>The stream error we end the stream with when we refuse what the server sent (restricted or malformed
    /// XML, a broken limit, a wrong encoding or version, a broken counter), or null when the error is not ours to
    /// report: the server's own stream error, a lost connection, a failed login. One rule for the negotiation and
    /// the running session alike.</summary>
    internal static string? OwnStreamError(Exception error) => error switch
    {
        XmppStreamErrorException or XmppConnectionException or XmppAuthenticationException or HandledCountTooHighException => null,
        XmppProtocolException { Condition: { } condition } => condition,
        _ => null,
    };

    /// <summary>Ends the stream with the stream error for <paramref name="error"/> (see <see cref="OwnStreamError"/>)
    /// before the connection goes: RFC 6120 §4.9, during login as during the session. A no-op for other errors.</summary>
    internal Task RefuseAsync(Exception error) =>
        OwnStreamError(error) is { } condition ? SendClosingAsync(StreamErrorAndFooter(condition)) : Task.CompletedTask;

    internal static string StreamErrorAndFooter(string condition) =>
        $"<stream:error><{condition} xmlns='{Namespaces.StreamErrors}'/></stream:error></stream:stream>";

    /// <summary>Writes <paramref name="text"/> (a stream error and the footer, or the footer alone) directly, ahead
    /// of the queue, unless our footer was already queued or sent.</summary>
    internal async Task SendClosingAsync(string text)
    {
        if (Interlocked.Exchange(ref _footerQueued, 1) == 1)
            return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            _outgoing.Writer.TryComplete();
            await WriteRawAsync(Encoding.UTF8.GetBytes(text), text, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException)
        {
            Logger.LogDebug(ex, "Could not send the stream error");
        }
    }

    private async Task EndAsync(Exception? error, bool requested)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
            return;
        _outgoing.Writer.TryComplete();
        _incoming?.Close();
        // Let the writer flush what is queued (the footer among it) before the transport goes.
        if (requested)
            await Task.WhenAny(_writeTask, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        // Deliver what was read before the end (an IQ answer right before a stream error, say) before
        // pending requests are failed; bounded, in case a handler blocks.
        if (!_dispatchTask.IsCompleted)
            await Task.WhenAny(_dispatchTask, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await DisposeTransportAsync().ConfigureAwait(false);
        // What never reached the writer: the client queues it for the next connection or fails it. Not an
        // ack: its count is stale once a resumption stated the current one (an <a/> below the h of <resume/>
        // makes Prosody destroy the session).
        var unsent = new List<Outgoing>();
        while (_outgoing.Reader.TryRead(out var item))
        {
            if (item.Kind is not (OutgoingKind.Footer or OutgoingKind.StreamManagement))
                unsent.Add(item);
        }
        _client.OnSessionEnded(this, error, requested, unsent);
    }

    /// <summary>Ends the connection from outside (the keepalive found it dead).</summary>
    public Task AbortAsync(Exception error) => EndAsync(error, requested: false);

    // ---- XEP-0198 ----

    private void AppendNonza(ArrayBufferWriter<byte> buffer, XElement element)
    {
        var bytes = XmppStreamWriter.Serialize(element);
        Trace?.Sent(Encoding.UTF8.GetString(bytes));
        buffer.Write(bytes);
    }

    /// <summary>Answers an <c>&lt;r/&gt;</c>. Prosody asks after every burst it sends, so handing each answer
    /// to the writer task cost a thread-pool hand-off per burst; when the writer is idle the read loop writes
    /// the answer itself (an ack's place among the stanzas we send does not matter, only that it is whole).</summary>
    private void AnswerAckRequest(uint h)
    {
        var answer = StreamManagementNonzas.BuildAnswer(h);
        if (Volatile.Read(ref _footerQueued) == 0 && _writeGate.Wait(0))
            _ = WriteAckAsync(Serialize(answer, Trace, withCompletion: false).Bytes);
        else
            TrySendNonza(answer);
    }

    /// <summary>Writes an ack answer while holding the write gate, and releases it.</summary>
    private async Task WriteAckAsync(byte[] bytes)
    {
        try
        {
            await Stream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
            await Stream.FlushAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or NotSupportedException)
        {
            if (!_stop.IsCancellationRequested)
                _ = EndAsync(new XmppConnectionException("Writing to the server failed: " + ex.Message, ex), requested: false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Handles an SM nonza from the server. Returns an error when the session must end.</summary>
    private HandledCountTooHighException? HandleStreamManagement(XElement element)
    {
        var sm = StreamManagement;
        if (sm is null)
        {
            Logger.LogDebug("Ignoring stream management element {Name}: not enabled", element.Name.LocalName);
            return null;
        }
        if (element.Name == StreamManagementNonzas.Request)
        {
            // The reader counted everything read before this <r/>, so the answer is exact.
            AnswerAckRequest(sm.Inbound);
            return null;
        }
        if (element.Name == StreamManagementNonzas.Answer)
        {
            var h = StreamManagementNonzas.ReadRequiredH(element);
            if (!sm.TryAcknowledge(h))
                return HandledCountTooHigh(sm, h);
            return null;
        }
        Logger.LogDebug("Ignoring stream management element {Name}", element.Name.LocalName);
        return null;
    }

    private HandledCountTooHighException HandledCountTooHigh(StreamManagementState sm, uint h)
    {
        var sent = sm.Sent;
        Logger.LogWarning("The server acknowledged {H} stanzas, but {Sent} were sent; ending the stream", h, sent);
        // Never resume a session whose counting went wrong.
        sm.ForgetResumption();
        return new HandledCountTooHighException(h, sent);
    }

    /// <summary>Probes a silent link and declares it dead when the probe goes unanswered; with stream
    /// management, also requests acks for stanzas that waited too long.</summary>
    private async Task MonitorLoopAsync()
    {
        var options = _client.Options;
        var time = options.TimeProvider;
        var interval = options.KeepaliveInterval;
        var shortest = new[] { interval ?? TimeSpan.MaxValue, options.KeepaliveTimeout, options.AckRequestInterval }.Min();
        var tick = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
        long? probeSent = null;
        var lastAckRequest = time.GetTimestamp();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(tick, time, _stop.Token).ConfigureAwait(false);
                var now = time.GetTimestamp();
                var lastReceived = Volatile.Read(ref _lastReceived);
                var sm = StreamManagement;
                if (sm?.ResumeUnprovenSince is { } resumedAt && time.GetElapsedTime(resumedAt, now) >= options.KeepaliveTimeout)
                {
                    // OnSessionEnded sees the resumption still unproven and binds a new session next.
                    Logger.LogWarning("The server did not acknowledge anything on the resumed stream within {Seconds:0.0} s", options.KeepaliveTimeout.TotalSeconds);
                    await AbortAsync(new XmppConnectionException(
                        $"The server did not acknowledge the resumed stream within {options.KeepaliveTimeout.TotalSeconds:0.###} s.")).ConfigureAwait(false);
                    return;
                }
                if (probeSent is { } sentAt)
                {
                    if (lastReceived > sentAt)
                    {
                        probeSent = null;
                    }
                    else if (time.GetElapsedTime(sentAt, now) >= options.KeepaliveTimeout)
                    {
                        var silent = time.GetElapsedTime(lastReceived, now);
                        Logger.LogWarning("No answer from the server for {Seconds:0.0} s; the connection is dead", silent.TotalSeconds);
                        await AbortAsync(new XmppConnectionException(
                            $"The server did not answer a keepalive within {options.KeepaliveTimeout.TotalSeconds:0.###} s: the connection is dead.")).ConfigureAwait(false);
                        return;
                    }
                }
                else if (interval is { } idle && time.GetElapsedTime(lastReceived, now) >= idle)
                {
                    probeSent = now;
                    if (sm is not null)
                    {
                        sm.NoteAckRequested();
                        lastAckRequest = now;
                        TrySendNonza(StreamManagementNonzas.BuildRequest());
                    }
                    else
                    {
                        var ping = new XElement(XName.Get("iq", Namespaces.Client), new XAttribute("type", "get"),
                            new XAttribute("id", options.IdGenerator.NextId()), new XAttribute("to", options.Jid.Domain),
                            new XElement(XName.Get("ping", "urn:xmpp:ping")));
                        TryEnqueue(Serialize(ping, Trace, withCompletion: false));
                    }
                    continue;
                }
                if (sm is not null && sm.UnackedCount > 0 && time.GetElapsedTime(lastAckRequest, now) >= options.AckRequestInterval)
                {
                    sm.NoteAckRequested();
                    lastAckRequest = now;
                    TrySendNonza(StreamManagementNonzas.BuildRequest());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal static string TraceText(XElement element, byte[] bytes)
    {
        var redacted = SecretRedactor.Redact(element);
        return ReferenceEquals(redacted, element)
            ? Encoding.UTF8.GetString(bytes)
            : Encoding.UTF8.GetString(XmppStreamWriter.Serialize(redacted));
    }

    internal static XmppStreamErrorException ParseStreamError(XElement error)
    {
        XNamespace ns = Namespaces.StreamErrors;
        var condition = error.Elements().FirstOrDefault(e => e.Name.Namespace == ns && e.Name.LocalName != "text")?.Name.LocalName ?? "undefined-condition";
        return new XmppStreamErrorException(condition, (string?)error.Element(ns + "text"));
    }
}
