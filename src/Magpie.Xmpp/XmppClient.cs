using System.Net.Sockets;
using System.Security.Authentication;
using System.Xml.Linq;
using Magpie.Xmpp.Connection;
using Magpie.Xmpp.Routing;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp;

/// <summary>
/// An XMPP client session: connects (DNS SRV, TLS, SASL, bind), sends and receives stanzas, and hosts
/// extensions. One instance is one account; it can connect again after it was disconnected.
/// </summary>
/// <remarks>
/// Every stanza goes out through one queue, in order; <see cref="SendAsync"/> completes when its bytes
/// were handed to the network. With XEP-0198 stream management (used whenever the server offers it) sent
/// stanzas are also kept, as bytes, until the server acknowledges them, and resent after a resumption.
/// With <see cref="XmppClientOptions.Reconnect"/> on, a lost session is re-established in the background
/// (see <see cref="ConnectionStateChanged"/>). Incoming stanzas are delivered one at a time in arrival order, by the
/// loop that reads the connection (after everything an earlier connection of a resumed session delivered; on a thread
/// of its own unless <see cref="XmppClientOptions.DedicatedReadThread"/> is off), so event handlers must not block; asynchronous handlers are started in order but not awaited, so a handler may await an IQ
/// answer without holding up the reading of that answer.
/// Errors from peers never throw out of the library's own tasks: fatal ones end the session and raise
/// <see cref="Disconnected"/>, others are logged and the stanza dropped or answered with an error.
/// </remarks>
public sealed partial class XmppClient : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly IqTracker _iqs = new();
    private readonly List<IXmppExtension> _extensions = [];
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private XmppConnection? _session;
    private bool _disposed;

    /// <summary>Creates a client for one account. Nothing happens on the network until <see cref="ConnectAsync(CancellationToken)"/>.</summary>
    public XmppClient(XmppClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<XmppClient>();
        Router = new StanzaRouter();
        Router.AddIqHandler(XName.Get("ping", "urn:xmpp:ping"), IqType.Get, static (_, _) => Task.FromResult<XElement?>(null));
    }

    /// <summary>The options this client was made with.</summary>
    public XmppClientOptions Options { get; }

    /// <summary>Where extensions register handlers and disco features.</summary>
    public StanzaRouter Router { get; }

    /// <summary>The payload types this client's extensions registered, by element name (see <see cref="Stanza.Get{T}"/>).</summary>
    public Payloads.PayloadRegistry Payloads { get; } = new();

    /// <summary>Whether a session is established and not yet closed.</summary>
    public bool IsConnected => _session is { IsOpen: true };

    /// <summary>Whether the current connection is encrypted (always true once connected).</summary>
    public bool IsSecure => _session?.Tls is not null;

    /// <summary>The full JID the server bound for this session, or null before binding.</summary>
    public Jid? BoundJid => _session?.BoundJid;

    /// <summary>The negotiated TLS version.</summary>
    public SslProtocols TlsProtocol => _session?.Tls?.Protocol ?? SslProtocols.None;

    /// <summary>The negotiated TLS cipher suite, for display.</summary>
    public string? CipherSuite => _session?.Tls?.CipherSuite;

    /// <summary>The SASL mechanism that authenticated this session.</summary>
    public string? SaslMechanism => _session?.Mechanism;

    /// <summary>The endpoint we are connected to, or null.</summary>
    public XmppEndpoint? Endpoint => _session?.Endpoint;

    /// <summary>The stream features the server offered after authentication (for extensions such as stream management).</summary>
    public XElement? StreamFeatures => _session?.Features;

    /// <summary>Raised for every incoming stanza that is not an IQ answer, first, before the inbound pipeline:
    /// a raw tap that also sees what extensions claim. The stanza is read-only.</summary>
    public event EventHandler<Stanza>? StanzaReceived;

    /// <summary>Raised for every incoming message that no extension claimed (see <see cref="Routing.InboundOrder"/>).</summary>
    /// <remarks>A message an extension in use claims comes out as that extension's typed event instead, and not
    /// here: carbon wrappers (<c>CarbonsExtension.CarbonReceived</c>), room traffic (<c>MucExtension</c>), bare
    /// receipts (<c>ReceiptsExtension.ReceiptReceived</c>), corrections (<c>CorrectionExtension.CorrectionReceived</c>)
    /// and, with <see cref="Im.Chat.ChatManager"/>, every chat message with a body. Without those extensions every
    /// message arrives here, as before. The message is read-only (<see cref="Stanza.IsReadOnly"/>).</remarks>
    public event EventHandler<Message>? MessageReceived;

    /// <summary>Raised for every incoming presence that no extension claimed (none of the library's does so far).
    /// The presence is read-only.</summary>
    public event EventHandler<Presence>? PresenceReceived;

    /// <summary>Raised when a session is ready (bound, loops running), before <see cref="ConnectAsync(CancellationToken)"/>
    /// returns: the place for extensions to do per-session set-up (enable carbons, rejoin rooms, fetch the roster).
    /// Handlers must not block; start asynchronous work and return.</summary>
    public event EventHandler<SessionStartedEventArgs>? SessionStarted;

    /// <summary>Raised once when the client stops: a session ends and no reconnection follows (it was
    /// requested, the error is fatal, <see cref="XmppClientOptions.Reconnect"/> is off, or the attempts ran
    /// out). A loss that is being repaired is reported by <see cref="ConnectionStateChanged"/> only.</summary>
    public event EventHandler<DisconnectedEventArgs>? Disconnected;

    /// <summary>Adds an extension: it registers its handlers and features on this client, and adds the
    /// extensions it depends on that were not added yet (<see cref="XmppExtension"/>). The client owns it from
    /// then on: <see cref="DisposeAsync"/> disposes it.</summary>
    /// <exception cref="InvalidOperationException">An extension of that type is in use already, or a dependency
    /// that only the application can configure was not added first (the message names it).</exception>
    public T Use<T>(T extension) where T : IXmppExtension
    {
        ArgumentNullException.ThrowIfNull(extension);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_extensions)
        {
            if (_extensions.Any(e => e.GetType() == extension.GetType()))
                throw new InvalidOperationException($"{extension.GetType().Name} is already in use.");
            _extensions.Add(extension);
        }
        try
        {
            extension.Attach(this);
        }
        catch
        {
            // A failed attachment (a missing dependency, say) leaves nothing behind.
            lock (_extensions)
                _extensions.Remove(extension);
            (extension as XmppExtension)?.Detach();
            throw;
        }
        return extension;
    }

    /// <summary>Detaches an extension added with <see cref="Use{T}(T)"/>: its handlers, claims, features and
    /// payload types are removed and its loops stop. It is not disposed, and may be added again.</summary>
    /// <returns>False when it was not in use on this client.</returns>
    /// <exception cref="NotSupportedException">The extension does not derive from <see cref="XmppExtension"/>, so
    /// the client does not know what it registered.</exception>
    public bool Remove(IXmppExtension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        if (extension is not XmppExtension owned)
            throw new NotSupportedException($"{extension.GetType().Name} does not derive from XmppExtension and cannot be detached.");
        lock (_extensions)
        {
            if (!_extensions.Remove(extension))
                return false;
        }
        owned.Detach();
        return true;
    }

    /// <summary>The extension of type <typeparamref name="T"/>, or null if it was not added.</summary>
    public T? GetExtension<T>() where T : class, IXmppExtension
    {
        lock (_extensions)
            return _extensions.OfType<T>().FirstOrDefault();
    }

    /// <summary>Connects, secures, authenticates and binds a resource.</summary>
    /// <exception cref="XmppConnectionException">No endpoint could be reached.</exception>
    /// <exception cref="XmppTlsException">TLS failed, the certificate is not trusted, or the server offers no TLS.</exception>
    /// <exception cref="XmppAuthenticationException">The credentials were refused or the server could not prove itself.</exception>
    /// <exception cref="XmppProtocolException">The server broke the protocol.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default) =>
        ConnectAsync(OpenFirstEndpointAsync, StartTlsAsync, cancellationToken);

    /// <summary>The test seam with reconnection: <paramref name="open"/> is called for the first connection
    /// and again for every reconnection attempt.</summary>
    internal async Task ConnectAsync(Func<CancellationToken, Task<(Stream Network, XmppEndpoint Endpoint)>> open,
        Func<Stream, CancellationToken, Task<TlsSession>> startTls, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfReconnecting();
        var (network, endpoint) = await open(cancellationToken).ConfigureAwait(false);
        _open = open;
        _startTls = startTls;
        await ConnectCoreAsync(network, endpoint, startTls, reconnecting: false, cancellationToken).ConfigureAwait(false);
    }

    private Task<TlsSession> StartTlsAsync(Stream inner, CancellationToken cancellationToken) =>
        TlsConnector.AuthenticateAsync(inner, Options.Jid.DomainAscii, Options.Tls, cancellationToken);

    private async Task<(Stream Network, XmppEndpoint Endpoint)> OpenFirstEndpointAsync(CancellationToken cancellationToken)
    {
        var endpoints = await ResolveEndpointsAsync(cancellationToken).ConfigureAwait(false);
        var failures = new List<string>();
        Exception? last = null;
        foreach (var endpoint in endpoints)
        {
            try
            {
                return (await OpenTcpAsync(endpoint, cancellationToken).ConfigureAwait(false), endpoint);
            }
            catch (XmppConnectionException ex)
            {
                failures.Add(ex.Message);
                last = ex;
            }
        }
        throw new XmppConnectionException($"Could not connect to {Options.Jid.Domain}: " + string.Join("; ", failures), last);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a stream that is encrypted but not authenticated, then closes it. This
    /// is for what RFC 6120 allows before SASL, i.e. in-band registration (XEP-0077); it never touches the
    /// client's own session. The work gets the post-TLS stream features and an IQ exchange; it has
    /// <see cref="XmppClientOptions.ResponseTimeout"/> in all.
    /// </summary>
    internal async Task<T> RunBeforeAuthenticationAsync<T>(Func<PreAuthenticationStream, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (network, endpoint) = await OpenFirstEndpointAsync(cancellationToken).ConfigureAwait(false);
        return await RunBeforeAuthenticationAsync(network, endpoint, StartTlsAsync, work, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The test seam of <see cref="RunBeforeAuthenticationAsync{T}(Func{PreAuthenticationStream, CancellationToken, Task{T}}, CancellationToken)"/>.</summary>
    internal async Task<T> RunBeforeAuthenticationAsync<T>(Stream network, XmppEndpoint endpoint, Func<Stream, CancellationToken, Task<TlsSession>> startTls,
        Func<PreAuthenticationStream, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var session = new XmppConnection(this, network, endpoint);
        try
        {
            await NegotiateAsync(session, startTls, cancellationToken, stopBeforeAuthentication: true).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Options.ResponseTimeout);
            // As in negotiation: reads cannot be cancelled, closing the transport interrupts them.
            await using var abort = deadline.Token.Register(() => _ = session.DisposeTransportAsync());
            try
            {
                var result = await work(new PreAuthenticationStream(this, session), deadline.Token).ConfigureAwait(false);
                await session.WriteRawAsync(Xml.XmppStreamWriter.StreamFooter.ToArray(), "</stream:stream>", deadline.Token).ConfigureAwait(false);
                return result;
            }
            catch (XmppProtocolException ex) when (XmppConnection.OwnStreamError(ex) is not null)
            {
                await session.RefuseAsync(ex).ConfigureAwait(false);
                throw;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
            {
                if (deadline.IsCancellationRequested)
                    throw new XmppConnectionException("The server did not answer in time before authentication.", ex);
                throw new XmppConnectionException($"The connection was lost before authentication: {ex.Message}", ex);
            }
        }
        finally
        {
            await session.DisposeTransportAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs a session over a stream the caller opened (through a proxy, a tunnel, or any transport that
    /// carries the XML stream), with this client's own TLS (<see cref="XmppClientOptions.Tls"/>): at once when
    /// <paramref name="endpoint"/> says direct TLS, otherwise after STARTTLS.</summary>
    /// <param name="network">The connected stream; the client owns it from now on and disposes it.</param>
    /// <param name="endpoint">Who is at the other end (for logs and <see cref="Endpoint"/>), and whether TLS starts at
    /// once (<see cref="XmppEndpoint.DirectTls"/>). The certificate must name the account's domain, as on any connection.</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    /// <remarks>The client cannot open a second connection by itself here, so it never reconnects.</remarks>
    /// <exception cref="XmppTlsException">TLS failed, the certificate is not trusted, or the server offers no TLS.</exception>
    /// <exception cref="XmppAuthenticationException">The credentials were refused or the server could not prove itself.</exception>
    /// <exception cref="XmppProtocolException">The server broke the protocol.</exception>
    public Task ConnectAsync(Stream network, XmppEndpoint endpoint, CancellationToken cancellationToken = default) =>
        ConnectAsync(network, endpoint, StartTlsAsync, cancellationToken);

    /// <summary>Runs a session over a stream the caller opened, with TLS set up by the caller too: when
    /// <paramref name="endpoint"/> says direct TLS, <paramref name="startTls"/> runs before the XML stream opens;
    /// otherwise after STARTTLS. This is how a transcript replay (the <c>Magpie.Xmpp.Testing</c> package) stands in
    /// for a server.</summary>
    /// <param name="network">The connected stream; the client owns it from now on and disposes it.</param>
    /// <param name="endpoint">Who is at the other end, and whether TLS starts at once.</param>
    /// <param name="startTls">Secures the stream it is given and reports what was negotiated. The session trusts
    /// what it returns: a stand-in that does no TLS sends the password over whatever <paramref name="network"/> is.</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    /// <remarks>The client cannot open a second connection by itself here, so it never reconnects.</remarks>
    /// <exception cref="XmppTlsException">TLS failed, or the server offers no TLS.</exception>
    /// <exception cref="XmppAuthenticationException">The credentials were refused or the server could not prove itself.</exception>
    /// <exception cref="XmppProtocolException">The server broke the protocol.</exception>
    public async Task ConnectAsync(Stream network, XmppEndpoint endpoint, Func<Stream, CancellationToken, Task<TlsSession>> startTls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(startTls);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfReconnecting();
        _open = null;
        _startTls = startTls;
        await ConnectCoreAsync(network, endpoint, startTls, reconnecting: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a stanza. Completes when its bytes were handed to the network. Messages and presences
    /// pass the router's outgoing filters first (<see cref="StanzaRouter.AddOutgoingMessageFilter(int, Action{Message})"/>,
    /// <see cref="StanzaRouter.AddOutgoingPresenceFilter"/>).</summary>
    /// <remarks>While the client is reconnecting (<see cref="XmppClientOptions.Reconnect"/>), the stanza is
    /// queued in memory instead, up to <see cref="ReconnectPolicy.MaxQueuedStanzas"/>, and the task completes
    /// at once: the stanza goes out, in order, as soon as a session is back. If the client then stops for good,
    /// queued stanzas are dropped (and logged). With stream management, a stanza whose connection broke after
    /// it was written is resent after a resumption, and messages also after a new session, with the same id.</remarks>
    /// <exception cref="Xml.XmlCharacterException">The stanza holds a character XML 1.0 forbids (an <see cref="ArgumentException"/>);
    /// nothing was sent and the session goes on. <see cref="Xml.XmlChars"/> checks text beforehand.</exception>
    /// <exception cref="XmppNotConnectedException">There is no session and none is being re-established, the
    /// reconnection queue is full, or the session ended before the stanza went out.</exception>
    public Task SendAsync(Stanza stanza, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        Router.ApplyOutgoing(stanza);
        return EnqueueAsync(stanza.Element, cancellationToken);
    }

    /// <summary>Sends a stanza and waits until the server has it: <see cref="SendAsync"/>, then
    /// <see cref="FlushAsync"/>.</summary>
    /// <exception cref="StanzaErrorException">The server did not confirm in time.</exception>
    /// <exception cref="XmppNotConnectedException">The session ended first.</exception>
    public async Task SendAndConfirmAsync(Stanza stanza, CancellationToken cancellationToken = default)
    {
        await SendAsync(stanza, cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the server has handled everything sent before this call: a ping barrier, a
    /// XEP-0199 ping to our own server, whose answer comes only after the server processed every stanza
    /// we sent ahead of it (a server handles one client's stanzas in order, RFC 6120 §10.1). Any answer
    /// counts, an error included: it proves the same.</summary>
    /// <exception cref="StanzaErrorException">No answer came within <see cref="XmppClientOptions.ResponseTimeout"/>
    /// (<c>remote-server-timeout</c>).</exception>
    /// <exception cref="XmppNotConnectedException">The session ended first.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var server = Jid.Create(null, (BoundJid ?? Options.Jid).Domain);
        try
        {
            await SendIqAsync(new Iq(IqType.Get, new XElement(XName.Get("ping", "urn:xmpp:ping")), server), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StanzaErrorException ex) when (ex.Error.Condition != StanzaError.RemoteServerTimeout.Condition)
        {
            // An error answer (a server without ping) is still an answer in order.
        }
    }

    /// <summary>Sends an IQ request and waits for its answer from the addressee.</summary>
    /// <param name="request">A get or set; an id is assigned when it has none.</param>
    /// <param name="timeout">How long to wait; <see cref="XmppClientOptions.ResponseTimeout"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting (the answer, if it comes, is dropped).</param>
    /// <returns>The result.</returns>
    /// <exception cref="StanzaErrorException">The answer was an error, or none came in time
    /// (<c>remote-server-timeout</c>).</exception>
    /// <exception cref="XmppNotConnectedException">The session ended first.</exception>
    public Task<Iq> SendIqAsync(Iq request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        SendIqAsync(request, timeout, onAnswer: null, cancellationToken);

    /// <summary>As the public overload; <paramref name="onAnswer"/> runs in stream order as the answer is matched
    /// (see <see cref="Routing.IqTracker.Register"/>), e.g. to close what the answer ends before later stanzas arrive.</summary>
    internal async Task<Iq> SendIqAsync(Iq request, TimeSpan? timeout, Action<Iq>? onAnswer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsRequest)
            throw new ArgumentException("Only get and set IQs have answers to wait for.", nameof(request));
        request.Id ??= Options.IdGenerator.NextId();
        var id = request.Id;
        var answer = _iqs.Register(id, request.To, onAnswer);
        try
        {
            await EnqueueAsync(request.Element, cancellationToken).ConfigureAwait(false);
            var result = await answer.WaitAsync(timeout ?? Options.ResponseTimeout, cancellationToken).ConfigureAwait(false);
            if (result.Type == IqType.Error)
                throw new StanzaErrorException(result.Error ?? new StanzaError(StanzaErrorType.Cancel, "undefined-condition"), result);
            return result;
        }
        catch (TimeoutException)
        {
            throw new StanzaErrorException(StanzaError.RemoteServerTimeout);
        }
        finally
        {
            _iqs.Remove(id);
        }
    }

    /// <summary>Closes the stream politely and the connection, and stops any reconnection: a requested
    /// disconnection is never repaired. Does nothing when not connected.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        Task? loop;
        lock (_sendLock)
        {
            _stopRequested = true;
            loop = _reconnectTask;
            _reconnectStop?.Cancel();
        }
        if (loop is not null)
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        var session = _session;
        if (session is null)
            return;
        // A clean close ends the server-side session: it can no longer be resumed.
        _streamManagement?.ForgetResumption();
        await session.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disconnects and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await DisconnectAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or XmppException or IOException)
        {
            _logger.LogDebug(ex, "Ignored while disposing");
        }
        _disposed = true;
        await DisposeExtensionsAsync().ConfigureAwait(false);
        _connectGate.Dispose();
    }

    /// <summary>Disposes the extensions, the last added first (an extension may use its dependencies until it is gone).</summary>
    private async Task DisposeExtensionsAsync()
    {
        IXmppExtension[] extensions;
        lock (_extensions)
        {
            extensions = [.. _extensions];
            _extensions.Clear();
        }
        for (var i = extensions.Length - 1; i >= 0; i--)
        {
            try
            {
                switch (extensions[i])
                {
                    case XmppExtension owned:
                        await owned.DisposeWithClientAsync().ConfigureAwait(false);
                        break;
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Disposing {Extension} failed", extensions[i].GetType().Name);
            }
        }
    }

    private async Task<IReadOnlyList<XmppEndpoint>> ResolveEndpointsAsync(CancellationToken cancellationToken)
    {
        if (Options.Host is { } host)
            return [new XmppEndpoint(host, Options.Port ?? (Options.DirectTls ? 5223 : 5222), Options.DirectTls)];
        return await EndpointResolver.ResolveAsync(Options.Jid.DomainAscii, Options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Stream> OpenTcpAsync(XmppEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new XmppConnectionException($"Connecting to {endpoint} timed out after {Options.ConnectTimeout.TotalSeconds:0} s.");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new XmppConnectionException($"Connecting to {endpoint} failed: {ex.Message}", ex);
        }
    }


    /// <summary>The IQ answers awaited, for the connection engine.</summary>
    internal IqTracker Iqs => _iqs;

    /// <summary>The client's logger, for the connection engine.</summary>
    internal ILogger Logger => _logger;

    internal void RaiseStanzaReceived(Stanza stanza) => Raise(StanzaReceived, stanza);

    internal void RaiseMessageReceived(Message message) => Raise(MessageReceived, message);

    internal void RaisePresenceReceived(Presence presence) => Raise(PresenceReceived, presence);

    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        if (handler is null)
            return;
        try
        {
            handler(this, args);
        }
        catch (Exception ex)
        {
            // An application bug in an event handler must not end the session.
            _logger.LogError(ex, "An event handler threw");
        }
    }
}
