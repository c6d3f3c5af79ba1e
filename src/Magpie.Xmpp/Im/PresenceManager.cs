using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Im;

/// <summary>
/// Our presence (RFC 6121 §4): initial and changed availability, going unavailable, directed presence;
/// and the presence of everyone else in <see cref="Tracker"/>. Add it with <see cref="XmppClient.Use{T}(T)"/>.
/// </summary>
/// <remarks>RFC 6121 §2.2 suggests fetching the roster before sending initial presence, so that the
/// presences that follow can be matched to roster items.</remarks>
public sealed class PresenceManager : IXmppExtension
{
    private readonly TimeProvider _time;
    private XmppClient? _client;
    private ILogger _logger = NullLogger.Instance;
    private volatile State _state = new(false, PresenceShow.Online, null, 0);

    private sealed record State(bool Available, PresenceShow Show, string? Status, sbyte Priority);

    /// <summary>Creates the manager.</summary>
    /// <param name="timeProvider">The clock for <see cref="ResourcePresence.LastUpdated"/>; the system clock when null.</param>
    public PresenceManager(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised when a contact's resource became available, changed, went unavailable, or the contact errored.</summary>
    public event EventHandler<ContactPresenceChangedEventArgs>? ContactPresenceChanged;

    /// <summary>The presence table of everyone who sent us presence.</summary>
    public PresenceTracker Tracker { get; } = new();

    /// <summary>Whether we last sent available broadcast presence in this session.</summary>
    public bool IsAvailable => _state.Available;

    /// <summary>Our last broadcast show.</summary>
    public PresenceShow Show => _state.Show;

    /// <summary>Our last broadcast status text.</summary>
    public string? Status => _state.Status;

    /// <summary>Our last broadcast priority.</summary>
    public sbyte Priority => _state.Priority;

    private XmppClient Client => _client ?? throw new InvalidOperationException("The presence manager is not attached to a client.");

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_client is not null)
            throw new InvalidOperationException("The presence manager is already attached.");
        _client = client;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PresenceManager>();
        client.Router.AddHandler(
            static s => s is Presence { Type: PresenceType.Available or PresenceType.Unavailable or PresenceType.Error, From: not null },
            HandleAsync);
        client.Disconnected += (_, _) =>
        {
            // Nothing we knew is current once the stream is gone; the next session starts unavailable.
            _state = _state with { Available = false };
            Tracker.Clear();
        };
    }

    /// <summary>Broadcasts our availability; the first call in a session is the initial presence, after
    /// which the server sends us our contacts' presence.</summary>
    /// <param name="show">The availability sub-state.</param>
    /// <param name="status">Status text, or null.</param>
    /// <param name="priority">Priority (-128..127); negative means "never deliver bare-JID messages here".</param>
    /// <param name="cancellationToken">Stops waiting for the send.</param>
    public async Task SetPresenceAsync(PresenceShow show = PresenceShow.Online, string? status = null, sbyte priority = 0, CancellationToken cancellationToken = default)
    {
        await Client.SendAsync(Build(show, status, priority), cancellationToken).ConfigureAwait(false);
        _state = new State(true, show, status, priority);
    }

    /// <summary>Sends initial presence with the last show, status and priority set (online, 0 by default):
    /// what to call after a reconnect.</summary>
    public Task SendInitialPresenceAsync(CancellationToken cancellationToken = default)
    {
        var state = _state;
        return SetPresenceAsync(state.Show, state.Status, state.Priority, cancellationToken);
    }

    /// <summary>Broadcasts unavailable presence; the session stays open. Everyone's presence is forgotten,
    /// since the server stops sending it.</summary>
    public async Task GoUnavailableAsync(string? status = null, CancellationToken cancellationToken = default)
    {
        var presence = new Presence(PresenceType.Unavailable);
        if (status is not null)
            presence.Status = status;
        await Client.SendAsync(presence, cancellationToken).ConfigureAwait(false);
        _state = _state with { Available = false };
        Tracker.Clear();
    }

    /// <summary>Sends available presence to one entity only (RFC 6121 §4.6), e.g. a chat room or a non-contact.</summary>
    /// <param name="to">The addressee, bare or full.</param>
    /// <param name="show">The availability sub-state.</param>
    /// <param name="status">Status text, or null.</param>
    /// <param name="priority">Priority, or null to leave it out.</param>
    /// <param name="cancellationToken">Stops waiting for the send.</param>
    public Task SendDirectedPresenceAsync(Jid to, PresenceShow show = PresenceShow.Online, string? status = null, sbyte? priority = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        var presence = Build(show, status, priority);
        presence.To = to;
        return Client.SendAsync(presence, cancellationToken);
    }

    /// <summary>Sends unavailable presence to one entity only, ending an earlier directed presence.</summary>
    public Task SendDirectedUnavailableAsync(Jid to, string? status = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        var presence = new Presence(PresenceType.Unavailable, to);
        if (status is not null)
            presence.Status = status;
        return Client.SendAsync(presence, cancellationToken);
    }

    private static Presence Build(PresenceShow show, string? status, sbyte? priority)
    {
        var presence = new Presence { Show = show };
        if (status is not null)
            presence.Status = status;
        if (priority is { } p)
            presence.Priority = p;
        return presence;
    }

    private ValueTask HandleAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        if (Tracker.Apply((Presence)stanza, _time.GetUtcNow()) is { } change)
            EventRaiser.Raise(_logger, this, ContactPresenceChanged, change);
        return ValueTask.CompletedTask;
    }
}
