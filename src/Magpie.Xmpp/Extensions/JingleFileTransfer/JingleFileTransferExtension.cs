using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.InBandBytestreams;
using Magpie.Xmpp.Extensions.Jingle;
using Magpie.Xmpp.Extensions.Socks5Bytestreams;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>Direct file transfer between two clients: XEP-0234 Jingle File Transfer over XEP-0166 Jingle sessions,
/// carried by XEP-0260 SOCKS5 bytestreams (direct or through the server's XEP-0065 proxy) or XEP-0261 in-band
/// bytestreams, with the XEP-0300 SHA-256 checked on receipt. Sending is <see cref="SendFileAsync"/>; offers to us
/// arrive as <see cref="OfferReceived"/>, which the app answers. While <see cref="Enabled"/> is false nothing is
/// advertised in disco and offers are refused.</summary>
public sealed class JingleFileTransferExtension : IXmppExtension
{
    private static readonly XNamespace J = JingleNamespaces.JingleNs;
    private static readonly XNamespace Ft = JingleNamespaces.FileTransferNs;
    private static readonly string[] Features =
    [
        JingleNamespaces.Jingle, JingleNamespaces.FileTransfer, JingleNamespaces.IbbTransport, JingleNamespaces.S5bTransport,
        JingleNamespaces.Sha256Feature, InBandBytestreamHub.Namespace, Socks5Streamhost.Namespace,
    ];

    private readonly ConcurrentDictionary<(Jid Peer, string Sid), JingleFileSession> _sessions = new();
    private readonly Lock _gate = new();
    private XmppClient? _client;
    private List<IDisposable>? _advertised;
    private bool _enabled = true;
    private Task<Socks5Streamhost?>? _proxy;

    /// <summary>Creates the extension.</summary>
    public JingleFileTransferExtension(FileTransferOptions? options = null)
    {
        Options = options ?? new FileTransferOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.InBandBlockSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Options.InBandBlockSize, InBandBytestreamHub.MaxBlockSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.InBandWindow, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxSessions, 1, nameof(options));
    }

    /// <summary>The limits and choices in force.</summary>
    public FileTransferOptions Options { get; }

    /// <summary>Someone offers a file; answer through <see cref="FileOfferEventArgs.Offer"/>. Raised off the
    /// dispatch path, so a handler may accept right away.</summary>
    public event EventHandler<FileOfferEventArgs>? OfferReceived;

    /// <summary>An offer was declined without asking: over <see cref="FileTransferOptions.MaxFileSize"/>,
    /// too many sessions, or unreadable.</summary>
    public event EventHandler<FileOfferRefusedEventArgs>? OfferRefused;

    /// <summary>Whether we take offers and advertise the features (XEP-0030/XEP-0115). Default true.</summary>
    public bool Enabled
    {
        get { lock (_gate) return _enabled; }
        set
        {
            lock (_gate)
            {
                _enabled = value;
                if (_client is not null)
                    Advertise(value);
            }
        }
    }

    internal XmppClient Client => _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");

    internal InBandBytestreamHub Ibb { get; } = new();

    /// <summary>How many sessions are open (both directions).</summary>
    public int SessionCount => _sessions.Count;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        Ibb.Attach(client);
        client.Router.AddIqHandler(J + "jingle", IqType.Set, (iq, _) => HandleJingle(iq));
        client.Disconnected += (_, _) =>
        {
            foreach (var session in _sessions.Values)
                session.Abort(new JingleReason("gone", "the connection to the server was lost"));
            _sessions.Clear();
        };
        lock (_gate)
            Advertise(_enabled);
    }

    private void Advertise(bool on)
    {
        if (on && _advertised is null)
            _advertised = Features.Select(f => _client!.Router.AddFeature(f)).ToList();
        else if (!on && _advertised is not null)
        {
            foreach (var handle in _advertised)
                handle.Dispose();
            _advertised = null;
        }
        // InBandBytestreamHub adds its own feature once; hide it as well while disabled.
    }

    /// <summary>Sends the file at <paramref name="path"/> to <paramref name="to"/> (a full JID). The SHA-256 is
    /// computed first (one read of the file) and sent in the offer, and again as a checksum after the transfer.</summary>
    /// <param name="to">The receiver's full JID (Jingle sessions are between resources).</param>
    /// <param name="path">The file; its name (not its folder) is offered.</param>
    /// <param name="transport">SOCKS5 (falls back to in-band when no candidate connects) or in-band.</param>
    /// <param name="progress">Bytes sent so far, in order.</param>
    /// <param name="cancellationToken">Cancels the transfer (the peer is told <c>cancel</c>).</param>
    /// <returns>The result once the receiver confirmed the file (its hash matched).</returns>
    /// <exception cref="FileTransferException">Declined, timed out, no transport, or the receiver reports a mismatch.</exception>
    public async Task<FileTransferResult> SendFileAsync(Jid to, string path, FileTransport transport = FileTransport.Socks5,
        IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            var sha256 = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            var info = new FileInfo(path);
            var file = new JingleFileDescription(Path.GetFileName(path), stream.Length)
            {
                MediaType = ContentTypes.Guess(path),
                Date = info.LastWriteTimeUtc,
                Sha256 = sha256,
            };
            return await SendAsync(to, stream, file, transport, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Offers <paramref name="file"/> to <paramref name="to"/> and streams <see cref="JingleFileDescription.Size"/>
    /// bytes of <paramref name="content"/> once accepted. When <see cref="JingleFileDescription.Sha256"/> is null the
    /// hash is computed while sending and goes in the checksum only.</summary>
    /// <exception cref="FileTransferException">Declined, timed out, no transport, or the receiver reports a mismatch.</exception>
    public Task<FileTransferResult> SendAsync(Jid to, Stream content, JingleFileDescription file, FileTransport transport = FileTransport.Socks5,
        IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(file);
        if (to.IsBare)
            throw new ArgumentException("Jingle sessions need the receiver's full JID (with a resource).", nameof(to));
        var me = Client.BoundJid ?? throw new XmppNotConnectedException();
        var session = new JingleFileSession(this, me, to, JingleFileSession.NewId(), isInitiator: true, "a-file-offer", file);
        if (!TryAdd(session))
            throw new FileTransferException(FileTransferFailure.TransportFailed, $"Too many file transfers at once (at most {Options.MaxSessions}).");
        return session.SendAsync(content, transport, progress, cancellationToken);
    }

    /// <summary>Finds the server's SOCKS5 proxy (XEP-0065 §4): an item of the server with identity proxy/bytestreams,
    /// asked for its streamhost. The answer (or its absence) is remembered.</summary>
    /// <returns>The streamhost, or null when the server has none or it did not answer.</returns>
    public Task<Socks5Streamhost?> FindProxyAsync(CancellationToken cancellationToken = default)
    {
        // Shared by every session, so no one caller's token may cancel it; the caller stops waiting on its own.
        lock (_gate)
            _proxy ??= DiscoverProxyAsync(CancellationToken.None);
        return _proxy.WaitAsync(cancellationToken);
    }

    private async Task<Socks5Streamhost?> DiscoverProxyAsync(CancellationToken cancellationToken)
    {
        var client = Client;
        var server = Jid.Parse(client.BoundJid?.Domain ?? client.Options.Jid.Domain);
        XNamespace items = DiscoExtension.ItemsNamespace;
        XNamespace info = DiscoInfo.Namespace;
        XNamespace bytestreams = Socks5Streamhost.Namespace;
        try
        {
            var answer = await client.SendIqAsync(new Iq(IqType.Get, new XElement(items + "query"), server), Options.IdleTimeout, cancellationToken).ConfigureAwait(false);
            foreach (var item in answer.GetChild(items + "query")?.Elements(items + "item").Take(32) ?? [])
            {
                if (item.Attribute("node") is not null || !Jid.TryParse((string?)item.Attribute("jid"), out var jid))
                    continue;
                try
                {
                    var about = await client.SendIqAsync(new Iq(IqType.Get, new XElement(info + "query"), jid), Options.IdleTimeout, cancellationToken).ConfigureAwait(false);
                    var isProxy = about.GetChild(info + "query")?.Elements(info + "identity")
                        .Any(i => (string?)i.Attribute("category") == "proxy" && (string?)i.Attribute("type") == "bytestreams") == true;
                    if (!isProxy)
                        continue;
                    var hosts = await client.SendIqAsync(new Iq(IqType.Get, new XElement(bytestreams + "query"), jid), Options.IdleTimeout, cancellationToken).ConfigureAwait(false);
                    var host = hosts.GetChild(bytestreams + "query")?.Element(bytestreams + "streamhost");
                    if (host is not null && (string?)host.Attribute("host") is { Length: > 0 and <= 255 } address
                        && int.TryParse((string?)host.Attribute("port"), out var port) && port is > 0 and < 65536
                        && Jid.TryParse((string?)host.Attribute("jid") ?? jid.ToString(), out var hostJid))
                        return new Socks5Streamhost(hostJid, address, port);
                }
                catch (StanzaErrorException)
                {
                    // One broken item must not hide the proxy.
                }
            }
        }
        catch (StanzaErrorException)
        {
        }
        return null;
    }

    private bool TryAdd(JingleFileSession session)
    {
        lock (_gate)
        {
            if (_sessions.Count >= Options.MaxSessions)
                return false;
            return _sessions.TryAdd((session.Peer, session.Sid), session);
        }
    }

    internal void Forget(JingleFileSession session) =>
        _sessions.TryRemove(new KeyValuePair<(Jid, string), JingleFileSession>((session.Peer, session.Sid), session));

    private Task<XElement?> HandleJingle(Iq iq)
    {
        var jingle = iq.Payload!;
        var action = (string?)jingle.Attribute("action");
        var sid = (string?)jingle.Attribute("sid");
        if (iq.From is not { IsBare: false } from || string.IsNullOrEmpty(action) || string.IsNullOrEmpty(sid) || sid.Length > 256)
            throw new StanzaErrorException(StanzaError.BadRequest);
        if (action == "session-initiate")
            return HandleInitiate(from, sid, jingle);
        if (!_sessions.TryGetValue((from, sid), out var session))
            throw new StanzaErrorException(JingleErrors.UnknownSession);
        return session.Answer(action, jingle);
    }

    private Task<XElement?> HandleInitiate(Jid from, string sid, XElement jingle)
    {
        if (_sessions.ContainsKey((from, sid)))
            throw new StanzaErrorException(JingleErrors.OutOfOrder);
        if (!Enabled)
            throw new StanzaErrorException(StanzaError.ServiceUnavailable);
        if ((string?)jingle.Attribute("initiator") is { } initiator && (!Jid.TryParse(initiator, out var initiatorJid) || initiatorJid != from))
            throw new StanzaErrorException(new StanzaError(StanzaErrorType.Modify, "bad-request", "The initiator is not the sender."));
        var me = Client.BoundJid ?? throw new StanzaErrorException(StanzaError.ServiceUnavailable);
        var content = jingle.Element(J + "content");
        var description = content?.Element(Ft + "description");
        var transport = content?.Elements().FirstOrDefault(e => e.Name.LocalName == "transport");
        var contentName = (string?)content?.Attribute("name");
        if (content is null || string.IsNullOrEmpty(contentName) || contentName.Length > 256)
            throw new StanzaErrorException(new StanzaError(StanzaErrorType.Modify, "bad-request", "The offer has no content."));
        JingleFileDescription? file = null;
        string? refusal = null;
        JingleReason? reason = null;
        if (description?.Element(Ft + "file") is not { } fileElement)
        {
            (refusal, reason) = ("it is not a file offer", new JingleReason("unsupported-applications"));
        }
        else
        {
            try
            {
                file = JingleFileDescription.Parse(fileElement);
            }
            catch (FormatException ex)
            {
                throw new StanzaErrorException(new StanzaError(StanzaErrorType.Modify, "bad-request", ex.Message));
            }
            if (transport is null || (transport.Name != JingleNamespaces.IbbTransportNs + "transport" && transport.Name != JingleNamespaces.S5bTransportNs + "transport"))
                (refusal, reason) = ("its transport is not supported", new JingleReason("unsupported-transports"));
            else if ((string?)content.Attribute("senders") is "responder" or "both")
                (refusal, reason) = ("it asks us to send (requests are not supported)", new JingleReason("unsupported-applications"));
            else if (file.Size > Options.MaxFileSize)
                (refusal, reason) = ($"the file is larger than the limit of {Options.MaxFileSize} bytes", new JingleReason("decline", "file too large"));
        }
        var session = new JingleFileSession(this, me, from, sid, isInitiator: false, contentName, file ?? new JingleFileDescription("unknown", 0))
        {
            OfferedTransport = transport,
        };
        if (refusal is null && !TryAdd(session))
            (refusal, reason) = ("too many transfers are open", new JingleReason("busy"));
        // The IQ is acknowledged first (XEP-0166 §6.3), the answer to the offer after it: completing the task
        // below runs the client's answering continuation inline, so the acknowledgement is queued before we go on.
        var acknowledged = new TaskCompletionSource<XElement?>();
        _ = Task.Run(async () =>
        {
            acknowledged.SetResult(null);
            if (refusal is not null)
            {
                await session.TerminateQuietlyAsync(reason!).ConfigureAwait(false);
                OfferRefused?.Invoke(this, new FileOfferRefusedEventArgs(from, file, refusal));
                return;
            }
            ExpireLater(session);
            var kind = transport!.Name == JingleNamespaces.S5bTransportNs + "transport" ? FileTransport.Socks5 : FileTransport.InBand;
            OfferReceived?.Invoke(this, new FileOfferEventArgs(new FileOffer(session, kind)));
        });
        return acknowledged.Task;
    }

    private void ExpireLater(JingleFileSession session)
    {
        _ = Task.Run(async () =>
        {
            var ended = await Task.WhenAny(session.PeerEnded, Task.Delay(Options.OfferTimeout)).ConfigureAwait(false);
            if (ended != session.PeerEnded)
                await session.ExpireAsync(new JingleReason("timeout", "the offer was not answered")).ConfigureAwait(false);
        });
    }
}
