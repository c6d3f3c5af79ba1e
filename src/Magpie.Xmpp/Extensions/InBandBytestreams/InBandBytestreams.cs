using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.InBandBytestreams;

/// <summary>XEP-0047 In-Band Bytestreams as Jingle uses them (XEP-0261): only streams a session announced are
/// accepted, data comes in IQs (<c>stanza='iq'</c>), in order, never larger than the negotiated block size.</summary>
internal sealed class InBandBytestreamHub
{
    /// <summary>The XEP-0047 namespace, <c>http://jabber.org/protocol/ibb</c>.</summary>
    public const string Namespace = "http://jabber.org/protocol/ibb";

    /// <summary>The largest block size XEP-0047 allows.</summary>
    public const int MaxBlockSize = 65535;

    private static readonly XNamespace Ns = Namespace;
    private readonly ConcurrentDictionary<(Jid Peer, string Sid), IbbReceiver> _receivers = new();

    public void Attach(XmppClient client)
    {
        client.Router.AddIqHandler(Ns + "open", IqType.Set, (iq, _) => Answer(iq, r => r.OnOpen(iq.Payload!)));
        client.Router.AddIqHandler(Ns + "data", IqType.Set, (iq, _) => Answer(iq, r => r.OnData(iq.Payload!)));
        client.Router.AddIqHandler(Ns + "close", IqType.Set, (iq, _) => Answer(iq, r => r.OnClose()));
    }

    /// <summary>Expects a stream <paramref name="sid"/> from <paramref name="peer"/> until the receiver is disposed.</summary>
    public IbbReceiver Expect(Jid peer, string sid, int blockSize, TimeSpan idleTimeout)
    {
        var receiver = new IbbReceiver(peer, sid, blockSize, idleTimeout, r => _receivers.TryRemove(new KeyValuePair<(Jid, string), IbbReceiver>((r.Peer, r.Sid), r)));
        if (!_receivers.TryAdd((peer, sid), receiver))
            throw new InvalidOperationException($"An in-band stream {sid} from {peer} is already expected.");
        return receiver;
    }

    private Task<XElement?> Answer(Iq iq, Func<IbbReceiver, StanzaError?> handle)
    {
        // Synchronous on purpose: data must be taken in the order it arrived.
        var sid = (string?)iq.Payload!.Attribute("sid");
        if (iq.From is not { } from || sid is null || !_receivers.TryGetValue((from, sid), out var receiver))
            throw new StanzaErrorException(new StanzaError(StanzaErrorType.Cancel, "item-not-found", "No such in-band bytestream."));
        if (handle(receiver) is not { } error)
            return Task.FromResult<XElement?>(null);
        if (!receiver.HasPendingFailure)
            throw new StanzaErrorException(error);
        // The error answer goes out first (completing the task runs the client's answering continuation inline),
        // and only then does the reader learn of the failure and end the session.
        var answered = new TaskCompletionSource<XElement?>();
        _ = Task.Run(() =>
        {
            answered.SetException(new StanzaErrorException(error));
            receiver.ReleaseFailure();
        });
        return answered.Task;
    }

    /// <summary>Opens stream <paramref name="sid"/> to <paramref name="peer"/>, sends <paramref name="size"/> bytes of
    /// <paramref name="source"/> in blocks, keeping up to <paramref name="window"/> blocks unacknowledged, and closes it.</summary>
    /// <exception cref="StanzaErrorException">The peer refused a block or did not answer in <paramref name="timeout"/>.</exception>
    /// <exception cref="EndOfStreamException">The source ended before <paramref name="size"/> bytes.</exception>
    public static async Task SendAsync(XmppClient client, Jid peer, string sid, int blockSize, Stream source, long size, int window,
        TimeSpan timeout, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        await client.SendIqAsync(new Iq(IqType.Set, new XElement(Ns + "open",
            new XAttribute("block-size", blockSize.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("sid", sid),
            new XAttribute("stanza", "iq")), peer), timeout, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[blockSize];
        var pending = new Queue<(Task Ack, long Sent)>();
        long sent = 0;
        var seq = 0;
        try
        {
            while (sent < size)
            {
                var want = (int)Math.Min(blockSize, size - sent);
                var read = await source.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read < want)
                    throw new EndOfStreamException($"The file ended after {sent + read} of {size} bytes.");
                var data = new XElement(Ns + "data",
                    new XAttribute("seq", seq.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("sid", sid),
                    Convert.ToBase64String(buffer, 0, read));
                seq = (seq + 1) & 0xFFFF;
                sent += read;
                pending.Enqueue((client.SendIqAsync(new Iq(IqType.Set, data, peer), timeout, cancellationToken), sent));
                while (pending.Count >= window)
                    await AckAsync(pending.Dequeue()).ConfigureAwait(false);
            }
            while (pending.Count > 0)
                await AckAsync(pending.Dequeue()).ConfigureAwait(false);
        }
        finally
        {
            // Answers still out are observed, so a failure after the first does not go unnoticed.
            foreach (var (ack, _) in pending)
                _ = ack.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
        await client.SendIqAsync(new Iq(IqType.Set, new XElement(Ns + "close", new XAttribute("sid", sid)), peer), timeout, cancellationToken).ConfigureAwait(false);

        async Task AckAsync((Task Ack, long Sent) item)
        {
            await item.Ack.ConfigureAwait(false);
            progress?.Report(new TransferProgress(item.Sent, size));
        }
    }
}

/// <summary>One expected incoming in-band stream: checks what the peer sends and hands the blocks to a reader.</summary>
internal sealed class IbbReceiver : IDisposable
{
    /// <summary>Blocks the reader has not taken yet; a peer that outruns it by more is refused.</summary>
    internal const int MaxQueuedBlocks = 64;

    private readonly Lock _gate = new();
    private readonly Channel<byte[]> _blocks = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(MaxQueuedBlocks) { SingleReader = true });
    private readonly Action<IbbReceiver> _remove;
    private readonly TimeSpan _idleTimeout;
    private bool _opened;
    private bool _ended;
    private int _nextSeq;
    private IbbProtocolException? _failure;

    public IbbReceiver(Jid peer, string sid, int blockSize, TimeSpan idleTimeout, Action<IbbReceiver> remove)
    {
        Peer = peer;
        Sid = sid;
        BlockSize = blockSize;
        _idleTimeout = idleTimeout;
        _remove = remove;
    }

    public Jid Peer { get; }
    public string Sid { get; }
    public int BlockSize { get; }

    internal StanzaError? OnOpen(XElement open)
    {
        lock (_gate)
        {
            if (_opened || _ended)
                return new StanzaError(StanzaErrorType.Cancel, "not-acceptable", "The stream is already open.");
            if (!int.TryParse((string?)open.Attribute("block-size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 0)
                return new StanzaError(StanzaErrorType.Modify, "bad-request", "The block-size is not a positive number.");
            if (size > BlockSize)
                return new StanzaError(StanzaErrorType.Modify, "resource-constraint", "The block-size is larger than negotiated.");
            if ((string?)open.Attribute("stanza") is { } stanza && stanza != "iq")
                return new StanzaError(StanzaErrorType.Cancel, "feature-not-implemented", "Only IQ stanzas carry data here.");
            _opened = true;
            return null;
        }
    }

    internal StanzaError? OnData(XElement data)
    {
        lock (_gate)
        {
            if (!_opened || _ended)
                return new StanzaError(StanzaErrorType.Cancel, "item-not-found", "The stream is not open.");
            if (!int.TryParse((string?)data.Attribute("seq"), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq != _nextSeq)
                return Fail(new StanzaError(StanzaErrorType.Cancel, "unexpected-request", "Data out of order."), $"The peer sent block {(string?)data.Attribute("seq")} where {_nextSeq} was due.");
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(data.Value);
            }
            catch (FormatException)
            {
                return Fail(new StanzaError(StanzaErrorType.Modify, "bad-request", "The data is not base64."), "The peer sent data that is not base64.");
            }
            if (bytes.Length > BlockSize)
                return Fail(new StanzaError(StanzaErrorType.Modify, "bad-request", "The block is larger than the block size."), $"The peer sent a block of {bytes.Length} bytes (block size {BlockSize}).");
            if (!_blocks.Writer.TryWrite(bytes))
                return Fail(new StanzaError(StanzaErrorType.Wait, "resource-constraint", "Too many blocks unread."), "The peer sent faster than it was acknowledged.");
            _nextSeq = (seq + 1) & 0xFFFF;
            return null;
        }
    }

    internal StanzaError? OnClose()
    {
        lock (_gate)
        {
            _ended = true;
            _blocks.Writer.TryComplete();
            return null;
        }
    }

    private StanzaError Fail(StanzaError error, string why)
    {
        _ended = true;
        _failure = new IbbProtocolException(why);
        return error;
    }

    internal bool HasPendingFailure
    {
        get { lock (_gate) return _failure is not null; }
    }

    /// <summary>Hands a recorded failure to the reader, once the peer was answered.</summary>
    internal void ReleaseFailure()
    {
        lock (_gate)
            _blocks.Writer.TryComplete(_failure);
    }

    /// <summary>The next block, or null once the peer closed the stream.</summary>
    /// <exception cref="IbbProtocolException">The peer broke the protocol.</exception>
    /// <exception cref="TimeoutException">Nothing came for the idle timeout.</exception>
    public async Task<byte[]?> ReadBlockAsync(CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_idleTimeout);
        try
        {
            if (!await _blocks.Reader.WaitToReadAsync(idle.Token).ConfigureAwait(false))
                return null;
            return _blocks.Reader.TryRead(out var block) ? block : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No data came in {_idleTimeout.TotalSeconds:0} s.");
        }
        catch (ChannelClosedException ex) when (ex.InnerException is IbbProtocolException inner)
        {
            throw new IbbProtocolException(inner.Message);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _ended = true;
            _blocks.Writer.TryComplete();
        }
        _remove(this);
    }
}

/// <summary>The peer broke the in-band bytestream protocol.</summary>
internal sealed class IbbProtocolException(string message) : Exception(message);
