using System.Buffers;
using System.Text;
using System.Threading.Channels;
using System.Xml.Linq;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Transport;
using Magpie.Xmpp.Xml;
using Microsoft.Extensions.Logging;

namespace Magpie.Xmpp;

public sealed partial class XmppClient
{
    /// <summary>
    /// One connection's state: the transport, the reader, the outgoing queue and the three tasks
    /// (reading, writing, dispatching). A reconnect makes a new one.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "_stop is cancelled, not disposed: late callbacks may still observe its token.")]
    internal sealed class Session
    {
        private readonly XmppClient _client;
        private readonly Stream _network;
        private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
        // Bounded so that a flood the application cannot keep up with pushes back on TCP instead of memory.
        private readonly Channel<Stanza> _incoming = Channel.CreateBounded<Stanza>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _closedByPeer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _ended;
        private int _footerQueued;
        private Task _readTask = Task.CompletedTask;
        private Task _writeTask = Task.CompletedTask;
        private Task _dispatchTask = Task.CompletedTask;

        private readonly record struct Outgoing(byte[] Bytes, TaskCompletionSource? Written);

        public Session(XmppClient client, Stream network, XmppEndpoint endpoint)
        {
            _client = client;
            _network = network;
            Endpoint = endpoint;
            Stream = new TracingStream(network, client.Options.ProtocolTrace);
        }

        public XmppEndpoint Endpoint { get; }
        public Stream Stream { get; set; }
        public XmppStreamReader? Reader { get; set; }
        public TlsSession? Tls { get; set; }
        public string? Mechanism { get; set; }
        public Jid? BoundJid { get; set; }
        public XElement? Features { get; set; }
        public string? StreamId { get; set; }
        public bool IsOpen => Volatile.Read(ref _ended) == 0 && BoundJid is not null;

        private ILogger Logger => _client._logger;
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
            Reader?.Dispose();
            try
            {
                await Stream.DisposeAsync().ConfigureAwait(false);
                await _network.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                Logger.LogDebug(ex, "Ignored while closing the transport");
            }
        }

        // ---- the running session ----

        public void Start()
        {
            _readTask = Task.Run(ReadLoopAsync);
            _writeTask = Task.Run(WriteLoopAsync);
            _dispatchTask = Task.Run(DispatchLoopAsync);
        }

        public Task EnqueueAsync(XElement element, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Serialise on the caller's thread: a forbidden character fails here, before anything is queued.
            var bytes = XmppStreamWriter.Serialize(element);
            if (Trace is not null)
                Trace.Sent(TraceText(element, bytes));
            var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_outgoing.Writer.TryWrite(new Outgoing(bytes, written)))
                throw new XmppNotConnectedException("The session has ended; the stanza was not sent.");
            return written.Task.WaitAsync(cancellationToken);
        }

        public async Task CloseAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _footerQueued, 1) == 0)
            {
                Trace?.Sent("</stream:stream>");
                _outgoing.Writer.TryWrite(new Outgoing(XmppStreamWriter.StreamFooter.ToArray(), null));
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
            try
            {
                while (true)
                {
                    var element = await Reader!.ReadElementAsync(_stop.Token).ConfigureAwait(false);
                    if (element is null)
                    {
                        _closedByPeer.TrySetResult();
                        break;
                    }
                    if (element.Name == XName.Get("error", Namespaces.Streams))
                    {
                        error = ParseStreamError(element);
                        break;
                    }
                    var stanza = Stanza.FromElement(element);
                    if (stanza is null)
                    {
                        Logger.LogDebug("Ignoring top-level element {Name}", element.Name);
                        continue;
                    }
                    if (!HasValidAddresses(stanza))
                        continue;
                    if (stanza is Iq { IsRequest: false } answer)
                    {
                        if (!_client._iqs.TryComplete(answer, BoundJid))
                            Logger.LogDebug("Dropped an IQ answer nobody waits for (id {Id}, from {From})", answer.Id, answer.From);
                        continue;
                    }
                    await _incoming.Writer.WriteAsync(stanza, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (XmppRestrictedXmlException ex)
            {
                error = ex;
                await SendStreamErrorAsync(ex.Condition ?? "not-well-formed").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or XmppException)
            {
                if (!_stop.IsCancellationRequested && Volatile.Read(ref _footerQueued) == 0)
                    error = ex as XmppException ?? new XmppConnectionException("The connection was lost: " + ex.Message, ex);
            }
            _closedByPeer.TrySetResult();
            await EndAsync(error, requested: Volatile.Read(ref _footerQueued) == 1 && error is null).ConfigureAwait(false);
        }

        private async Task WriteLoopAsync()
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            var batch = new List<TaskCompletionSource>();
            try
            {
                var reader = _outgoing.Reader;
                while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
                {
                    // Coalesce what is queued into one write and one flush: fewer TLS records and syscalls.
                    while (buffer.WrittenCount < 64 * 1024 && reader.TryRead(out var item))
                    {
                        buffer.Write(item.Bytes);
                        if (item.Written is not null)
                            batch.Add(item.Written);
                    }
                    await Stream.WriteAsync(buffer.WrittenMemory, _stop.Token).ConfigureAwait(false);
                    await Stream.FlushAsync(_stop.Token).ConfigureAwait(false);
                    foreach (var written in batch)
                        written.TrySetResult();
                    batch.Clear();
                    buffer.Clear();
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                var error = new XmppNotConnectedException("The connection was lost before the stanza was sent.", ex);
                foreach (var written in batch)
                    written.TrySetException(error);
                if (!_stop.IsCancellationRequested)
                    _ = EndAsync(new XmppConnectionException("Writing to the server failed: " + ex.Message, ex), requested: false);
            }
        }

        private async Task DispatchLoopAsync()
        {
            var reader = _incoming.Reader;
            try
            {
                while (await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (reader.TryRead(out var stanza))
                        await DispatchAsync(stanza).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                Logger.LogError(ex, "The dispatcher failed");
            }
        }

        private async Task DispatchAsync(Stanza stanza)
        {
            _client.Raise(_client.StanzaReceived, stanza);
            switch (stanza)
            {
                case Iq iq:
                    _ = AnswerIqAsync(iq);
                    return;
                case Message message:
                    _client.Raise(_client.MessageReceived, message);
                    break;
                case Presence presence:
                    _client.Raise(_client.PresenceReceived, presence);
                    break;
            }
            foreach (var handler in _client.Router.FindHandlers(stanza))
            {
                try
                {
                    await handler(stanza, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Logger.LogError(ex, "A stanza handler threw");
                }
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

        private async Task SendStreamErrorAsync(string condition)
        {
            if (Interlocked.Exchange(ref _footerQueued, 1) == 1)
                return;
            var text = $"<stream:error><{condition} xmlns='{Namespaces.StreamErrors}'/></stream:error></stream:stream>";
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
            _incoming.Writer.TryComplete();
            // Let the writer flush what is queued (the footer among it) before the transport goes.
            if (requested)
                await Task.WhenAny(_writeTask, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
            await _stop.CancelAsync().ConfigureAwait(false);
            await DisposeTransportAsync().ConfigureAwait(false);
            while (_outgoing.Reader.TryRead(out var item))
                item.Written?.TrySetException(new XmppNotConnectedException("The session ended before the stanza was sent.", error));
            _client.OnSessionEnded(this, error, requested);
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
}
