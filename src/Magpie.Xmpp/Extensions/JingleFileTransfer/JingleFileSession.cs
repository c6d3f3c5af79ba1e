using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.InBandBytestreams;
using Magpie.Xmpp.Extensions.Jingle;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>One Jingle session carrying one file (XEP-0166 + XEP-0234), in either role. Incoming actions are
/// checked against the session's state where they arrive (<see cref="Receive"/>, which decides the IQ's answer)
/// and queued for the flow that drives the session (<see cref="SendAsync"/> or <see cref="ReceiveAsync"/>).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; it is only cancelled, never disposed, as sessions end in many places.")]
internal sealed class JingleFileSession
{
    private static readonly XNamespace J = JingleNamespaces.JingleNs;
    private static readonly XNamespace Ft = JingleNamespaces.FileTransferNs;
    private static readonly XNamespace Ibb = JingleNamespaces.IbbTransportNs;
    private static readonly XNamespace S5b = JingleNamespaces.S5bTransportNs;

    private readonly Lock _gate = new();
    private const int MaxQueuedActions = 32;
    private readonly Channel<(string Action, XElement Jingle)> _inbox = Channel.CreateUnbounded<(string, XElement)>();
    private Task _queueing = Task.CompletedTask;
    private int _queued;
    private readonly TaskCompletionSource<JingleReason> _peerEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<byte[]> _checksum = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _peerEndedToken = new();
    private SessionState _state = SessionState.Pending;
    private bool _awaitingTransportAnswer;
    private bool _over;

    private enum SessionState { Pending, Active, Ended }

    public JingleFileSession(JingleFileTransferExtension owner, Jid me, Jid peer, string sid, bool isInitiator, string contentName, JingleFileDescription file)
    {
        Owner = owner;
        Me = me;
        Peer = peer;
        Sid = sid;
        IsInitiator = isInitiator;
        ContentName = contentName;
        File = file;
    }

    public JingleFileTransferExtension Owner { get; }
    public XmppClient Client => Owner.Client;
    public FileTransferOptions Options => Owner.Options;
    public Jid Me { get; }
    public Jid Peer { get; }
    public string Sid { get; }
    public bool IsInitiator { get; }
    public string ContentName { get; }
    public JingleFileDescription File { get; }
    public Jid Initiator => IsInitiator ? Me : Peer;

    /// <summary>The transport the initiator offered (responder side).</summary>
    public XElement? OfferedTransport { get; init; }

    /// <summary>Completes when the peer ends the session, with its reason.</summary>
    public Task<JingleReason> PeerEnded => _peerEnded.Task;

    public bool IsPending { get { lock (_gate) return _state == SessionState.Pending; } }

    // ---- incoming actions (called on the dispatch path; must not block) ----

    /// <summary>Judges an incoming action and answers it: an error (XEP-0166 §7.2) thrown as
    /// <see cref="StanzaErrorException"/>, else the acknowledgement, after which the action is queued for the
    /// flow. The task completes inline, so the client queues the acknowledgement before the flow can react.</summary>
    public Task<XElement?> Answer(string action, XElement jingle)
    {
        if (Receive(action, jingle, out var queue) is { } error)
            throw new StanzaErrorException(error);
        if (!queue)
            return Task.FromResult<XElement?>(null);
        var acknowledged = new TaskCompletionSource<XElement?>();
        lock (_gate)
        {
            _queueing = _queueing.ContinueWith(_ =>
            {
                acknowledged.SetResult(null);
                Interlocked.Decrement(ref _queued);
                _inbox.Writer.TryWrite((action, jingle));
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
        return acknowledged.Task;
    }

    private StanzaError? Receive(string action, XElement jingle, out bool queue)
    {
        queue = false;
        lock (_gate)
        {
            if (_state == SessionState.Ended)
                return JingleErrors.UnknownSession;
            switch (action)
            {
                case "session-terminate":
                    _state = SessionState.Ended;
                    _over = true;
                    _peerEnded.TrySetResult(JingleReason.Parse(jingle.Element(J + "reason")));
                    _peerEndedToken.Cancel();
                    Owner.Forget(this);
                    return null;
                case "session-info":
                    return ReceiveInfo(jingle);
                case "session-accept" when IsInitiator && _state == SessionState.Pending:
                    _state = SessionState.Active;
                    return Post(action, jingle, out queue);
                case "transport-info" when _state == SessionState.Active:
                    return Post(action, jingle, out queue);
                case "transport-replace" when !IsInitiator && _state == SessionState.Active:
                    return Post(action, jingle, out queue);
                case "transport-accept" or "transport-reject" when IsInitiator && _awaitingTransportAnswer:
                    _awaitingTransportAnswer = false;
                    return Post(action, jingle, out queue);
                case "session-initiate" or "session-accept" or "transport-info" or "transport-replace" or "transport-accept" or "transport-reject":
                    return JingleErrors.OutOfOrder;
                case "content-accept" or "content-add" or "content-modify" or "content-reject" or "content-remove"
                    or "description-info" or "security-info":
                    return new StanzaError(StanzaErrorType.Cancel, "feature-not-implemented", $"{action} is not supported in a file transfer.");
                default:
                    return new StanzaError(StanzaErrorType.Modify, "bad-request", "Unknown Jingle action.");
            }
        }
    }

    private StanzaError? ReceiveInfo(XElement jingle)
    {
        var payload = jingle.Elements().FirstOrDefault();
        if (payload is null)
            return null; // A ping (XEP-0166 §6.8).
        if (payload.Name == Ft + "checksum")
        {
            if (payload.Element(Ft + "file") is { } file && JingleFileDescription.ReadSha256(file) is { } hash)
                _checksum.TrySetResult(hash);
            return null;
        }
        if (payload.Name == Ft + "received")
            return null;
        return new StanzaError(StanzaErrorType.Modify, "feature-not-implemented", "Unsupported session-info.") { ApplicationCondition = new XElement(JingleNamespaces.ErrorsNs + "unsupported-info") };
    }

    private StanzaError? Post(string action, XElement jingle, out bool queue)
    {
        queue = Interlocked.Increment(ref _queued) <= MaxQueuedActions;
        if (queue)
            return null;
        Interlocked.Decrement(ref _queued);
        return new StanzaError(StanzaErrorType.Wait, "resource-constraint", "Too many actions at once.");
    }

    /// <summary>Ends the session from the app or the extension (the client went away).</summary>
    public void Abort(JingleReason reason)
    {
        lock (_gate)
        {
            if (_state == SessionState.Ended)
                return;
            _state = SessionState.Ended;
            _over = true;
        }
        _peerEnded.TrySetResult(reason);
        _peerEndedToken.Cancel();
    }

    // ---- the initiator's (sender's) flow ----

    public async Task<FileTransferResult> SendAsync(Stream content, FileTransport transport, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _peerEndedToken.Token);
        var token = linked.Token;
        S5bNegotiation? s5b = null;
        FileTransferResult? done = null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        HashingReadStream? hashing = null;
        var used = FileTransport.InBand;
        try
        {
            XElement offered;
            if (transport == FileTransport.Socks5)
            {
                s5b = new S5bNegotiation(this, NewId());
                await s5b.PrepareAsync(theirs: null, token).ConfigureAwait(false);
                offered = s5b.BuildTransport();
            }
            else
            {
                offered = IbbTransport(NewId(), Options.InBandBlockSize);
            }
            try
            {
                await SendJingleAsync("session-initiate", token, Content(senders: true, Description(File), offered)).ConfigureAwait(false);
            }
            catch (StanzaErrorException ex)
            {
                throw new FileTransferException(FileTransferFailure.ProtocolError, $"{Peer} refused the offer: {ex.Error.Condition}{(ex.Error.Text is null ? "" : " (" + ex.Error.Text + ")")}. It may not support Jingle file transfer.", ex);
            }
            var (action, accept) = await NextAsync(Options.OfferTimeout, "accept the offer", token).ConfigureAwait(false);
            _ = action; // Only session-accept is queued while pending.
            var acceptedTransport = accept.Element(J + "content")?.Elements().FirstOrDefault(e => e.Name.LocalName == "transport");
            Stream? stream = null;
            var blockSize = Options.InBandBlockSize;
            string ibbSid = (string?)offered.Attribute("sid") ?? NewId();
            if (s5b is not null)
            {
                if (acceptedTransport?.Name != S5b + "transport")
                    throw await FailAsync(FileTransferFailure.ProtocolError, new JingleReason("failed-transport"), $"{Peer} accepted with another transport than SOCKS5.").ConfigureAwait(false);
                s5b.SetTheirCandidates(acceptedTransport);
                stream = await s5b.EstablishAsync(token).ConfigureAwait(false);
                if (stream is null)
                {
                    // XEP-0260 §4: no candidate on either side: replace the transport with in-band bytestreams.
                    ibbSid = NewId();
                    lock (_gate)
                        _awaitingTransportAnswer = true;
                    await SendJingleAsync("transport-replace", token, Content(senders: false, IbbTransport(ibbSid, blockSize))).ConfigureAwait(false);
                    var (answer, replaced) = await NextAsync(Options.IdleTimeout, "answer the transport-replace", token).ConfigureAwait(false);
                    if (answer != "transport-accept")
                        throw await FailAsync(FileTransferFailure.TransportFailed, new JingleReason("failed-transport"), $"{Peer} refused the fallback to in-band bytestreams, and no SOCKS5 candidate connected.").ConfigureAwait(false);
                    blockSize = NegotiatedBlockSize(replaced.Element(J + "content")?.Element(Ibb + "transport"), blockSize);
                }
                else
                {
                    used = FileTransport.Socks5;
                }
            }
            else
            {
                if (acceptedTransport?.Name != Ibb + "transport")
                    throw await FailAsync(FileTransferFailure.ProtocolError, new JingleReason("failed-transport"), $"{Peer} accepted with another transport than in-band bytestreams.").ConfigureAwait(false);
                blockSize = NegotiatedBlockSize(acceptedTransport, blockSize);
            }

            hashing = new HashingReadStream(content, hash);
            if (stream is not null)
            {
                await using (stream.ConfigureAwait(false))
                    await CopyToSocketAsync(hashing, stream, progress, token).ConfigureAwait(false);
            }
            else
            {
                try
                {
                    await InBandBytestreamHub.SendAsync(Client, Peer, ibbSid, blockSize, hashing, File.Size, Options.InBandWindow, Options.IdleTimeout, progress, token).ConfigureAwait(false);
                }
                catch (StanzaErrorException ex) when (!_peerEnded.Task.IsCompleted)
                {
                    throw await FailAsync(ex.Error.Condition == "remote-server-timeout" ? FileTransferFailure.Timeout : FileTransferFailure.ProtocolError,
                        new JingleReason(ex.Error.Condition == "remote-server-timeout" ? "timeout" : "failed-transport"),
                        $"{Peer} did not take the data: {ex.Error.Condition}.").ConfigureAwait(false);
                }
            }
            // XEP-0234 §8.1: the checksum after the transfer, then the receiver's verdict ends the session. A receiver
            // that had the hash in the offer may have ended the session already: the checksum is then moot.
            var sha256 = hash.GetHashAndReset();
            done = new FileTransferResult(Peer, File with { Sha256 = sha256 }, used, File.Size);
            try
            {
                await SendJingleAsync("session-info", token, new XElement(Ft + "checksum",
                    new XAttribute("creator", "initiator"), new XAttribute("name", ContentName),
                    new XElement(Ft + "file", JingleFileDescription.HashElement(sha256)))).ConfigureAwait(false);
            }
            catch (StanzaErrorException) when (_peerEnded.Task.IsCompleted)
            {
            }
            JingleReason verdict;
            try
            {
                verdict = await _peerEnded.Task.WaitAsync(Options.IdleTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw await FailAsync(FileTransferFailure.Timeout, new JingleReason("timeout"), $"{Peer} did not confirm the file within {Options.IdleTimeout.TotalSeconds:0} s.").ConfigureAwait(false);
            }
            return verdict.Condition switch
            {
                "success" => done,
                "media-error" => throw new FileTransferException(FileTransferFailure.HashMismatch, $"{Peer} reports the file arrived damaged ({verdict})."),
                _ => throw PeerEndedException(verdict),
            };
        }
        catch (OperationCanceledException) when (_peerEnded.Task.IsCompletedSuccessfully && !cancellationToken.IsCancellationRequested)
        {
            // The receiver may confirm the file as soon as the last byte is in, before our last acknowledgement,
            // close or checksum went through: every byte was handed over and it says the hash matched.
            var reason = _peerEnded.Task.Result;
            if (reason.Condition == "success" && (done is not null || hashing?.BytesRead == File.Size))
                return done ?? new FileTransferResult(Peer, File with { Sha256 = hash.GetHashAndReset() }, used, File.Size);
            throw PeerEndedException(reason);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await TerminateQuietlyAsync(new JingleReason("cancel"), cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is not FileTransferException and not OperationCanceledException)
        {
            throw await FailAsync(ex is TimeoutException ? FileTransferFailure.Timeout : FileTransferFailure.TransportFailed,
                new JingleReason(ex is TimeoutException ? "timeout" : "failed-transport"), ex.Message, ex).ConfigureAwait(false);
        }
        finally
        {
            if (s5b is not null)
                await s5b.DisposeAsync().ConfigureAwait(false);
            Owner.Forget(this);
        }
    }

    private async Task CopyToSocketAsync(Stream source, Stream socket, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long sent = 0;
        while (sent < File.Size)
        {
            var want = (int)Math.Min(buffer.Length, File.Size - sent);
            var read = await source.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < want)
                throw new EndOfStreamException($"The file ended after {sent + read} of {File.Size} bytes.");
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(Options.IdleTimeout);
                try
                {
                    await socket.WriteAsync(buffer.AsMemory(0, read), idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{Peer} took nothing for {Options.IdleTimeout.TotalSeconds:0} s.");
                }
            }
            sent += read;
            progress?.Report(new TransferProgress(sent, File.Size));
        }
        await socket.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (socket is System.Net.Sockets.NetworkStream network)
            network.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
    }

    // ---- the responder's (receiver's) flow ----

    public async Task<FileTransferResult> ReceiveAsync(Stream destination, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state != SessionState.Pending)
                throw new InvalidOperationException(_state == SessionState.Ended ? "The offer was withdrawn or has expired." : "The offer was already answered.");
            _state = SessionState.Active;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _peerEndedToken.Token);
        var token = linked.Token;
        S5bNegotiation? s5b = null;
        IbbReceiver? ibb = null;
        try
        {
            var offered = OfferedTransport!;
            var used = FileTransport.InBand;
            Stream? stream = null;
            if (offered.Name == S5b + "transport")
            {
                s5b = new S5bNegotiation(this, (string?)offered.Attribute("sid") ?? "");
                s5b.SetTheirCandidates(offered);
                await s5b.PrepareAsync(offered, token).ConfigureAwait(false);
                await SendJingleAsync("session-accept", token, Content(senders: true, Description(File), s5b.BuildTransport())).ConfigureAwait(false);
                stream = await s5b.EstablishAsync(token).ConfigureAwait(false);
                if (stream is null)
                {
                    var (action, replace) = await NextAsync(Options.IdleTimeout, "replace the transport", token).ConfigureAwait(false);
                    var transport = replace.Element(J + "content")?.Element(Ibb + "transport");
                    if (action != "transport-replace" || transport is null || (string?)transport.Attribute("sid") is not { Length: > 0 } sid)
                        throw await FailAsync(FileTransferFailure.TransportFailed, new JingleReason("failed-transport"), $"No SOCKS5 candidate connected, and {Peer} offered no in-band fallback.").ConfigureAwait(false);
                    var blockSize = NegotiatedBlockSize(transport, Options.InBandBlockSize);
                    ibb = Owner.Ibb.Expect(Peer, sid, blockSize, Options.IdleTimeout);
                    await SendJingleAsync("transport-accept", token, Content(senders: false, IbbTransport(sid, blockSize))).ConfigureAwait(false);
                }
                else
                {
                    used = FileTransport.Socks5;
                }
            }
            else
            {
                var sid = (string?)offered.Attribute("sid");
                if (string.IsNullOrEmpty(sid))
                    throw await FailAsync(FileTransferFailure.ProtocolError, new JingleReason("failed-transport"), $"{Peer} offered an in-band transport without a sid.").ConfigureAwait(false);
                var blockSize = NegotiatedBlockSize(offered, Options.InBandBlockSize);
                ibb = Owner.Ibb.Expect(Peer, sid, blockSize, Options.IdleTimeout);
                await SendJingleAsync("session-accept", token, Content(senders: true, Description(File), IbbTransport(sid, blockSize))).ConfigureAwait(false);
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long received = 0;
            if (stream is not null)
            {
                await using (stream.ConfigureAwait(false))
                    received = await ReadSocketAsync(stream, destination, hash, progress, token).ConfigureAwait(false);
            }
            else
            {
                while (await ibb!.ReadBlockAsync(token).ConfigureAwait(false) is { } block)
                {
                    received += block.Length;
                    if (received > File.Size)
                        throw await FailAsync(FileTransferFailure.SizeMismatch, new JingleReason("media-error", "more data than announced"), $"{Peer} sent more than the {File.Size} bytes it announced.").ConfigureAwait(false);
                    hash.AppendData(block);
                    await destination.WriteAsync(block, token).ConfigureAwait(false);
                    progress?.Report(new TransferProgress(received, File.Size));
                }
            }
            if (received < File.Size)
                throw await FailAsync(FileTransferFailure.SizeMismatch, new JingleReason("media-error", "less data than announced"), $"{Peer} sent {received} of the {File.Size} bytes it announced.").ConfigureAwait(false);
            await destination.FlushAsync(token).ConfigureAwait(false);

            var actual = hash.GetHashAndReset();
            var expected = File.Sha256;
            if (expected is null)
            {
                try
                {
                    expected = await _checksum.Task.WaitAsync(Options.IdleTimeout, token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    expected = null;
                }
            }
            if (expected is null)
            {
                if (Options.RequireHash)
                    throw await FailAsync(FileTransferFailure.NoHash, new JingleReason("security-error", "no sha-256 hash"), $"{Peer} sent no SHA-256 for the file, so it cannot be checked.").ConfigureAwait(false);
            }
            else if (!CryptographicOperations.FixedTimeEquals(expected, actual))
            {
                throw await FailAsync(FileTransferFailure.HashMismatch, new JingleReason("media-error", "hash mismatch"),
                    $"The file from {Peer} does not match its SHA-256 (announced {Convert.ToBase64String(expected)}, received {Convert.ToBase64String(actual)}).").ConfigureAwait(false);
            }
            await TerminateQuietlyAsync(new JingleReason("success"), cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return new FileTransferResult(Peer, File with { Sha256 = actual }, used, received);
        }
        catch (OperationCanceledException) when (_peerEnded.Task.IsCompletedSuccessfully && !cancellationToken.IsCancellationRequested)
        {
            throw PeerEndedException(_peerEnded.Task.Result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await TerminateQuietlyAsync(new JingleReason("cancel"), cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (IbbProtocolException ex)
        {
            throw await FailAsync(FileTransferFailure.ProtocolError, new JingleReason("failed-transport", ex.Message), ex.Message, ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not FileTransferException and not OperationCanceledException)
        {
            throw await FailAsync(ex is TimeoutException ? FileTransferFailure.Timeout : FileTransferFailure.TransportFailed,
                new JingleReason(ex is TimeoutException ? "timeout" : "failed-transport"), ex is TimeoutException ? $"{Peer} stopped sending: {ex.Message}" : ex.Message, ex).ConfigureAwait(false);
        }
        finally
        {
            ibb?.Dispose();
            if (s5b is not null)
                await s5b.DisposeAsync().ConfigureAwait(false);
            Owner.Forget(this);
        }
    }

    private async Task<long> ReadSocketAsync(Stream socket, Stream destination, IncrementalHash hash, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long received = 0;
        while (true)
        {
            int read;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(Options.IdleTimeout);
                try
                {
                    // One byte more than announced is enough to catch a peer that sends too much.
                    var want = (int)Math.Min(buffer.Length, Math.Max(1, File.Size - received + 1));
                    read = await socket.ReadAsync(buffer.AsMemory(0, want), idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"nothing came for {Options.IdleTimeout.TotalSeconds:0} s after {received} of {File.Size} bytes.");
                }
            }
            if (read == 0)
                return received;
            received += read;
            if (received > File.Size)
                throw await FailAsync(FileTransferFailure.SizeMismatch, new JingleReason("media-error", "more data than announced"), $"{Peer} sent more than the {File.Size} bytes it announced.").ConfigureAwait(false);
            hash.AppendData(buffer, 0, read);
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            progress?.Report(new TransferProgress(received, File.Size));
        }
    }

    /// <summary>Ends an offer nobody answered in time (responder); does nothing once it was answered.</summary>
    public Task ExpireAsync(JingleReason reason)
    {
        return TerminateQuietlyAsync(reason, requirePending: true, CancellationToken.None);
    }

    /// <summary>Declines an offer (responder).</summary>
    public async Task RejectAsync(JingleReason reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state != SessionState.Pending)
                throw new InvalidOperationException(_state == SessionState.Ended ? "The offer was withdrawn or has expired." : "The offer was already answered.");
        }
        await TerminateQuietlyAsync(reason, cancellationToken: cancellationToken).ConfigureAwait(false);
        Owner.Forget(this);
    }

    // ---- shared helpers ----

    /// <summary>The next queued action, waiting at most <paramref name="timeout"/>; a peer that stays silent
    /// gets a session-terminate with <c>timeout</c>.</summary>
    public async Task<(string Action, XElement Jingle)> NextAsync(TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            return await _inbox.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw await FailAsync(FileTransferFailure.Timeout, new JingleReason("timeout"), $"{Peer} did not {what} within {timeout.TotalSeconds:0} s.").ConfigureAwait(false);
        }
    }

    /// <summary>Ends the session with <paramref name="reason"/> and returns the exception to throw.</summary>
    public async Task<FileTransferException> FailAsync(FileTransferFailure failure, JingleReason reason, string message, Exception? inner = null)
    {
        await TerminateQuietlyAsync(reason).ConfigureAwait(false);
        return new FileTransferException(failure, message, inner);
    }

    private FileTransferException PeerEndedException(JingleReason reason) => reason.Condition switch
    {
        "decline" or "busy" => new FileTransferException(FileTransferFailure.Declined, $"{Peer} declined the file{Because(reason)}."),
        "timeout" => new FileTransferException(FileTransferFailure.Timeout, $"{Peer} gave up waiting{Because(reason)}."),
        "media-error" => new FileTransferException(FileTransferFailure.HashMismatch, $"{Peer} reports the file arrived damaged{Because(reason)}."),
        _ => new FileTransferException(FileTransferFailure.Cancelled, $"{Peer} ended the transfer ({reason})."),
    };

    private static string Because(JingleReason reason) => reason.Text is null ? "" : $" ({reason.Text})";

    public async Task TerminateQuietlyAsync(JingleReason reason, bool requirePending = false, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Once either side ended the session, nothing more is said.
            if (_over || (requirePending && _state != SessionState.Pending))
                return;
            _over = true;
            _state = SessionState.Ended;
        }
        _peerEnded.TrySetResult(reason);
        Owner.Forget(this);
        // Sent, not waited for: the session is over either way, and a peer that leaves right after reading our
        // verdict (a sender whose file was confirmed) may never acknowledge it.
        var sending = SendJingleAsync("session-terminate", cancellationToken, reason.ToElement());
        _ = sending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task SendJingleAsync(string action, CancellationToken cancellationToken, params object[] content)
    {
        var jingle = new XElement(J + "jingle",
            new XAttribute("action", action),
            new XAttribute("initiator", Initiator.ToString()));
        if (action == "session-accept")
            jingle.Add(new XAttribute("responder", Me.ToString()));
        jingle.Add(new XAttribute("sid", Sid), content);
        return Client.SendIqAsync(new Iq(IqType.Set, jingle, Peer), Options.IdleTimeout, cancellationToken);
    }

    public XElement Content(bool senders, params object[] children)
    {
        var content = new XElement(J + "content", new XAttribute("creator", "initiator"), new XAttribute("name", ContentName));
        if (senders)
            content.Add(new XAttribute("senders", "initiator"));
        content.Add(children);
        return content;
    }

    private static XElement Description(JingleFileDescription file) => new(Ft + "description", file.ToElement());

    private static XElement IbbTransport(string sid, int blockSize) => new(Ibb + "transport",
        new XAttribute("block-size", blockSize.ToString(CultureInfo.InvariantCulture)), new XAttribute("sid", sid));

    private static int NegotiatedBlockSize(XElement? transport, int ours)
    {
        if (int.TryParse((string?)transport?.Attribute("block-size"), NumberStyles.None, CultureInfo.InvariantCulture, out var theirs) && theirs > 0)
            return Math.Min(Math.Min(theirs, ours), InBandBytestreamHub.MaxBlockSize);
        return Math.Min(ours, InBandBytestreamHub.MaxBlockSize);
    }

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}

/// <summary>XEP-0166 §11 error answers.</summary>
internal static class JingleErrors
{
    public static StanzaError UnknownSession { get; } = new(StanzaErrorType.Cancel, "item-not-found")
    {
        ApplicationCondition = new XElement(JingleNamespaces.ErrorsNs + "unknown-session"),
    };

    public static StanzaError OutOfOrder { get; } = new(StanzaErrorType.Wait, "unexpected-request")
    {
        ApplicationCondition = new XElement(JingleNamespaces.ErrorsNs + "out-of-order"),
    };
}

/// <summary>Reads through to an inner stream, hashing what passes.</summary>
internal sealed class HashingReadStream(Stream inner, IncrementalHash hash) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        hash.AppendData(buffer, offset, n);
        BytesRead += n;
        return n;
    }

    /// <summary>How many bytes were read (and hashed) so far.</summary>
    public long BytesRead { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        hash.AppendData(buffer.Span[..n]);
        BytesRead += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
