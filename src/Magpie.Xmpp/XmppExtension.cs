using System.Xml.Linq;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Payloads;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp;

/// <summary>
/// The base of a protocol extension: added with <see cref="XmppClient.Use{T}(T)"/>, it gets the client, its
/// logger and clock, registers what it handles through the protected <c>Add…</c> methods (the registrations
/// are owned: <see cref="XmppClient.Remove"/> and <see cref="XmppClient.DisposeAsync"/> take them all back),
/// declares what it needs with <see cref="Require{T}"/>, and is disposed with the client. docs/extensions.md
/// walks through writing one.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "_stopping is cancelled, not disposed: a loop winding down may still read its token.")]
public abstract class XmppExtension : IXmppExtension
{
    private readonly List<IDisposable> _owned = [];
    private XmppClient? _client;
    private EventHandler<SessionStartedEventArgs>? _onSessionStarted;
    private EventHandler<DisconnectedEventArgs>? _onDisconnected;
    private int _disposed;

    /// <summary>The client this extension is attached to.</summary>
    /// <exception cref="InvalidOperationException">It is not attached (see <see cref="XmppClient.Use{T}(T)"/>).</exception>
    protected XmppClient Client => _client ?? throw new InvalidOperationException($"{GetType().Name} is not attached: call client.Use(...) first.");

    /// <summary>Whether the extension is attached to a client.</summary>
    public bool IsAttached => _client is not null;

    /// <summary>A logger named after the extension, from the client's <see cref="XmppClientOptions.LoggerFactory"/>.</summary>
    protected ILogger Logger { get; private set; } = NullLogger.Instance;

    /// <summary>The client's clock (<see cref="XmppClientOptions.TimeProvider"/>): timers and timestamps use it, so tests can move time.</summary>
    protected TimeProvider Clock => Client.Options.TimeProvider;

    /// <summary>Cancelled when the extension is detached or disposed: loops it starts stop with it.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    // Cancelled, never disposed: a loop that is still winding down may read its token.
    private CancellationTokenSource _stopping = new();

    void IXmppExtension.Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_client is not null)
            throw new InvalidOperationException($"{GetType().Name} is already attached to a client.");
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _client = client;
        if (_stopping.IsCancellationRequested)
            _stopping = new CancellationTokenSource();
        Logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(GetType());
        _onSessionStarted = (_, e) => OnSessionStarted(e);
        _onDisconnected = (_, e) => OnDisconnected(e);
        client.SessionStarted += _onSessionStarted;
        client.Disconnected += _onDisconnected;
        OnAttached();
    }

    /// <summary>Registers the extension's features, stages, payloads and handlers (with the <c>Add…</c> methods)
    /// and its dependencies (<see cref="Require{T}"/>). Runs once per attachment.</summary>
    protected abstract void OnAttached();

    /// <summary>Runs after a session starts (new or resumed): per-session set-up. Must not block.</summary>
    protected virtual void OnSessionStarted(SessionStartedEventArgs e) { }

    /// <summary>Runs when the client stops for good (see <see cref="XmppClient.Disconnected"/>).</summary>
    protected virtual void OnDisconnected(DisconnectedEventArgs e) { }

    /// <summary>Runs when the extension is detached (after its registrations were removed and <see cref="Stopping"/>
    /// was cancelled): forget per-client state here.</summary>
    protected virtual void OnDetached() { }

    /// <summary>The extension <typeparamref name="T"/> this one depends on: the client's, or a new one added now.</summary>
    protected T Require<T>() where T : class, IXmppExtension, new() => Client.GetExtension<T>() ?? Client.Use(new T());

    /// <summary>The extension <typeparamref name="T"/> this one depends on, which needs settings only the
    /// application can give, so it must have been added first.</summary>
    /// <exception cref="InvalidOperationException">It was not added: the message says which <c>Use</c> line is missing.</exception>
    protected T RequireAdded<T>() where T : class, IXmppExtension =>
        Client.GetExtension<T>() ?? throw new InvalidOperationException(
            $"{GetType().Name} needs {typeof(T).Name}: add client.Use(new {typeof(T).Name}(...)) before client.Use(new {GetType().Name}(...)).");

    /// <summary>Keeps <paramref name="registration"/> until the extension is detached, then disposes it.</summary>
    protected void Own(IDisposable registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (_owned)
            _owned.Add(registration);
    }

    /// <summary>Advertises a disco feature (XEP-0030) while attached.</summary>
    protected void AddFeature(string feature) => Own(Client.Router.AddFeature(feature));

    /// <summary>Registers the payload type <typeparamref name="T"/> in the client's <see cref="PayloadRegistry"/> while attached.</summary>
    protected void RegisterPayload<T>() where T : class, IPayload<T> => Own(Client.Payloads.Register<T>());

    /// <summary>Claims matching stanzas at <paramref name="order"/> (see <see cref="Routing.StanzaRouter.AddClaim"/>) while attached.</summary>
    protected void AddClaim(int order, Func<Stanza, bool> match, Func<Stanza, CancellationToken, ValueTask> handler) =>
        Own(Client.Router.AddClaim(order, match, handler));

    /// <summary>Observes matching stanzas at <paramref name="order"/> (see <see cref="Routing.StanzaRouter.AddHandler(int, Func{Stanza, bool}, Func{Stanza, CancellationToken, ValueTask})"/>) while attached.</summary>
    protected void AddHandler(int order, Func<Stanza, bool> match, Func<Stanza, CancellationToken, ValueTask> handler) =>
        Own(Client.Router.AddHandler(order, match, handler));

    /// <summary>Answers IQ requests (see <see cref="Routing.StanzaRouter.AddIqHandler"/>) while attached.</summary>
    protected void AddIqHandler(XName payload, IqType type, Func<Iq, CancellationToken, Task<XElement?>> handler) =>
        Own(Client.Router.AddIqHandler(payload, type, handler));

    /// <summary>Decorates outgoing messages at <paramref name="order"/> (the reverse of the inbound order: see
    /// <see cref="Routing.StanzaRouter.AddOutgoingMessageFilter(int, Action{Message})"/>) while attached.</summary>
    protected void AddOutgoingMessageFilter(int order, Action<Message> filter) => Own(Client.Router.AddOutgoingMessageFilter(order, filter));

    /// <summary>Decorates outgoing presences (see <see cref="Routing.StanzaRouter.AddOutgoingPresenceFilter"/>) while attached.</summary>
    protected void AddOutgoingPresenceFilter(Action<Presence> filter) => Own(Client.Router.AddOutgoingPresenceFilter(filter));

    /// <summary>Raises an event so that a throwing application handler is logged, never thrown into the pipeline.</summary>
    protected void Raise<T>(EventHandler<T>? handler, T args) => EventRaiser.Raise(Logger, this, handler, args);

    /// <summary>Takes back every registration and stops the extension's loops; the client calls this from
    /// <see cref="XmppClient.Remove"/> and <see cref="XmppClient.DisposeAsync"/>.</summary>
    internal void Detach()
    {
        var client = Interlocked.Exchange(ref _client, null);
        if (client is null)
            return;
        // Put back in the meantime, so that OnDetached may still read the client.
        _client = client;
        client.SessionStarted -= _onSessionStarted;
        client.Disconnected -= _onDisconnected;
        IDisposable[] owned;
        lock (_owned)
        {
            owned = [.. _owned];
            _owned.Clear();
        }
        for (var i = owned.Length - 1; i >= 0; i--)
            owned[i].Dispose();
        _stopping.Cancel();
        try
        {
            OnDetached();
        }
        finally
        {
            _client = null;
        }
    }

    /// <summary>Releases what the extension holds beyond its registrations (the client has detached it first).</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    internal async ValueTask DisposeWithClientAsync()
    {
        Detach();
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await DisposeCoreAsync().ConfigureAwait(false);
    }
}
