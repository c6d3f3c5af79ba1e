using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Extensions.Mam;

/// <summary>One message delivered by <see cref="ArchiveCatchUp"/>.</summary>
/// <param name="Message">The message: as received live, or as archived (then as it was originally sent).</param>
/// <param name="ArchiveId">The id our own archive gave it (the trusted XEP-0359 stanza-id), when known.</param>
/// <param name="IsFromArchive">True when it came from the archive catch-up rather than live.</param>
public sealed record CaughtUpMessage(Message Message, string? ArchiveId, bool IsFromArchive);

/// <summary>
/// Delivers the messages of our account exactly once and in order across new sessions: a session that was
/// not resumed (XEP-0198) missed whatever the server could not hand to the old one, and our own archive
/// (XEP-0313) has it. After every non-resumed session this holds back live messages, pages our own archive
/// after the last archive id delivered, delivers those results, then the held live messages, skipping any
/// message already delivered, recognised by the stanza-id our own server stamped (XEP-0359, <c>by</c> our
/// bare JID) or by its sender's bare JID with its origin-id (a message sent again after its sender's
/// session was replaced). A resumed session loses nothing, so it needs no catch-up.
/// </summary>
/// <remarks>
/// Create it before connecting. The first session has nothing to catch up with unless a
/// <c>lastArchiveId</c> is given (say, stored by the application): it only notes where the archive stands.
/// When the archive no longer knows the last id (expired, or kept from another server), the catch-up
/// goes by time from <see cref="LastArchiveTime"/> (<see cref="MamExtension.QueryAfterAsync"/>); without one it
/// starts again from where the archive stands. Stanza-ids on live messages are trusted as
/// <see cref="StanzaIdsExtension"/> says (our server must advertise them); each catch-up first learns that.
/// Archive results include messages we sent ourselves (from any of our resources). Results are accepted only
/// from our own archive for a query we have open (<see cref="MamExtension"/> enforces it). Handlers of
/// <see cref="MessageReceived"/> run one at a time, in delivery order, and must not block. Messages that are
/// archive query results themselves are never delivered.
/// </remarks>
public sealed class ArchiveCatchUp : IDisposable
{
    private readonly XmppClient _client;
    private readonly MamExtension _mam;
    private readonly StanzaIdsExtension _stanzaIds;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly List<Message> _held = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();
    private bool _holding;
    private bool _stopped;
    private int _generation;
    private string? _lastArchiveId;
    private DateTimeOffset? _lastArchiveTime;
    private bool _positionKnown;
    private Task _current = Task.CompletedTask;

    /// <summary>Hooks <paramref name="client"/>; create it before connecting.</summary>
    /// <param name="client">The client whose messages to deliver.</param>
    /// <param name="mam">The client's archive extension (already added with <see cref="XmppClient.Use"/>).</param>
    /// <param name="lastArchiveId">The archive id of the last message delivered in an earlier run, to catch up
    /// from at the first session; null to start from wherever the archive stands at the first session.</param>
    /// <remarks>Uses the client's <see cref="StanzaIdsExtension"/>, adding one (without origin-ids) when it has none.</remarks>
    public ArchiveCatchUp(XmppClient client, MamExtension mam, string? lastArchiveId = null)
        : this(client, mam, StanzaIdsOf(client), lastArchiveId)
    {
    }

    /// <summary>Hooks <paramref name="client"/>; create it before connecting.</summary>
    /// <param name="client">The client whose messages to deliver.</param>
    /// <param name="mam">The client's archive extension (already added with <see cref="XmppClient.Use"/>).</param>
    /// <param name="stanzaIds">The client's stanza-id extension, which says which stanza-ids to trust.</param>
    /// <param name="lastArchiveId">As in the other constructor.</param>
    /// <param name="lastArchiveTime">When the message of <paramref name="lastArchiveId"/> was archived (roughly), to
    /// catch up by time from should the archive not know that id; null when not known.</param>
    public ArchiveCatchUp(XmppClient client, MamExtension mam, StanzaIdsExtension stanzaIds, string? lastArchiveId = null, DateTimeOffset? lastArchiveTime = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(mam);
        ArgumentNullException.ThrowIfNull(stanzaIds);
        _client = client;
        _mam = mam;
        _stanzaIds = stanzaIds;
        _lastArchiveId = lastArchiveId;
        _lastArchiveTime = lastArchiveId is null ? null : lastArchiveTime;
        _positionKnown = lastArchiveId is not null;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ArchiveCatchUp>();
        client.ConnectionStateChanged += OnStateChanged;
        client.MessageReceived += OnMessage;
    }

    /// <summary>Every message, once, in order: archive results of a catch-up first, then live ones.</summary>
    public event EventHandler<CaughtUpMessage>? MessageReceived;

    /// <summary>How many recent ids are remembered for recognising duplicates (default 10,000).</summary>
    public int DuplicateWindow { get; init; } = 10_000;

    /// <summary>The archive id of the last message delivered (or where the archive stood at the first
    /// session); what the next catch-up starts after. Store it to pass to the next run.</summary>
    public string? LastArchiveId { get { lock (_gate) return _lastArchiveId; } }

    /// <summary>Roughly when the message of <see cref="LastArchiveId"/> was archived (its archive stamp, or when it
    /// arrived live); null when not known. Store it with the id.</summary>
    public DateTimeOffset? LastArchiveTime { get { lock (_gate) return _lastArchiveTime; } }

    /// <summary>The latest catch-up: completes once its results and the held live messages were delivered,
    /// or fails with why the archive could not be read (the held messages are delivered all the same).</summary>
    public Task Current => Volatile.Read(ref _current);

    /// <summary>Unhooks the client.</summary>
    public void Dispose()
    {
        _client.ConnectionStateChanged -= OnStateChanged;
        _client.MessageReceived -= OnMessage;
    }

    private void OnStateChanged(object? sender, ConnectionStateChangedEventArgs e)
    {
        // A new (not resumed) session. Reported before its dispatcher starts, so no live message can get ahead
        // of the catch-up; and the generation moves on here, not later, so that the failing catch-up of the
        // session just lost cannot let the held messages go in between.
        if (e.State == ConnectionState.Disconnected && !e.WillReconnect)
        {
            // The client stopped for good: no catch-up will come to let the held messages go.
            lock (_gate)
            {
                _stopped = true;
                Release();
            }
            return;
        }
        if (e.State is not (ConnectionState.Connected or ConnectionState.Reconnected))
            return;
        int generation;
        lock (_gate)
        {
            _holding = true;
            _stopped = false;
            generation = ++_generation;
        }
        Volatile.Write(ref _current, Task.Run(() => CatchUpAsync(generation)));
    }

    private void OnMessage(object? sender, Message message)
    {
        if (message.HasChild(MessageArchive.ResultName))
            return; // an archive result: MamExtension takes it
        lock (_gate)
        {
            if (_holding)
                _held.Add(message);
            else
                Deliver(message, TrustedStanzaId(message), fromArchive: false);
        }
    }

    private async Task CatchUpAsync(int generation)
    {
        // A catch-up of an earlier session may still be paging (its session resumed); the next starts where it ended.
        await _oneAtATime.WaitAsync().ConfigureAwait(false);
        Exception? failure = null;
        try
        {
            // Which stanza-ids to trust on the held messages and those after them: learned before any is delivered.
            if (_client.BoundJid is { } me)
                await _stanzaIds.SupportsStanzaIdsAsync(me.Bare).ConfigureAwait(false);
            string? after;
            bool known;
            DateTimeOffset? since;
            lock (_gate)
                (after, known, since) = (_lastArchiveId, _positionKnown, _lastArchiveTime);
            if (!known)
            {
                await NotePositionAsync().ConfigureAwait(false);
                return;
            }
            try
            {
                await FetchAfterAsync(after, since).ConfigureAwait(false);
            }
            catch (StanzaErrorException ex) when (ex.Error.Condition == "item-not-found")
            {
                // The archive no longer has our last id (expired): what came between is lost to us.
                _logger.LogWarning("The archive no longer holds {Id}; catching up from where it stands now", after);
                await NotePositionAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException or TimeoutException)
        {
            _logger.LogWarning("Could not catch up from the archive: {Reason}", ex.Message);
            failure = ex;
            throw;
        }
        finally
        {
            lock (_gate)
            {
                // Only the latest session's catch-up lets the held messages go. One that failed because its
                // session ended leaves them to the next session's catch-up, which starts where it stopped (or to
                // the client stopping for good); one the archive refused lets them go at once.
                var sessionLost = failure is XmppNotConnectedException || (failure is not null && !_client.IsConnected);
                if (generation == _generation && (!sessionLost || _stopped))
                    Release();
            }
            _oneAtATime.Release();
        }
    }

    /// <summary>Delivers the held live messages and stops holding; under the gate.</summary>
    private void Release()
    {
        _holding = false;
        foreach (var message in _held)
            Deliver(message, TrustedStanzaId(message), fromArchive: false);
        _held.Clear();
    }

    private async Task FetchAfterAsync(string? after, DateTimeOffset? since)
    {
        var count = 0;
        var pages = after is null ? _mam.QueryAllAsync() : _mam.QueryAfterAsync(null, after, since);
        await foreach (var page in pages.ConfigureAwait(false))
        {
            lock (_gate)
            {
                foreach (var archived in page.Messages)
                {
                    if (Deliver(archived.Message, archived.ArchiveId, fromArchive: true, archived.Stamp))
                        count++;
                }
                // Results dropped as unusable or duplicates still move the position on.
                if (page.ResultSet.Last is { } last && last != _lastArchiveId)
                {
                    _lastArchiveId = last;
                    _lastArchiveTime = page.Messages.Count > 0 && page.Messages[^1].Stamp is { } stamp ? stamp : _lastArchiveTime;
                }
            }
        }
        _logger.LogInformation("Caught up {Count} messages from the archive after {After}", count, after ?? "its start");
    }

    /// <summary>Notes the archive's newest id without delivering it: everything after it is new to us.</summary>
    private async Task NotePositionAsync()
    {
        var newest = await _mam.QueryAsync(beforeId: "", max: 1).ConfigureAwait(false);
        var id = newest.Messages.Count > 0 ? newest.Messages[^1].ArchiveId : newest.ResultSet.Last;
        var time = newest.Messages.Count > 0 ? newest.Messages[^1].Stamp : null;
        lock (_gate)
        {
            // A live message delivered meanwhile may already have moved the position further.
            if (!_positionKnown)
            {
                _lastArchiveId = id;
                _lastArchiveTime = id is null ? null : time ?? _client.Options.TimeProvider.GetUtcNow();
            }
            _positionKnown = true;
        }
    }

    /// <summary>The stanza-id our own archive stamped, when our server is known to stamp them (XEP-0359 §6).</summary>
    private string? TrustedStanzaId(Message message) => _stanzaIds.GetArchiveId(message);

    private static StanzaIdsExtension StanzaIdsOf(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetExtension<StanzaIdsExtension>() ?? client.Use(new StanzaIdsExtension { AddOriginId = false });
    }

    /// <summary>Raises <see cref="MessageReceived"/> unless the message was delivered before; under the gate.</summary>
    private bool Deliver(Message message, string? archiveId, bool fromArchive, DateTimeOffset? archived = null)
    {
        var byArchive = archiveId is null ? null : "s\n" + archiveId;
        var byOrigin = MessageIds.GetOriginId(message) is { } origin && message.From is { } from
            ? "o\n" + from.Bare + "\n" + origin : null;
        var duplicate = (byArchive is not null && _seen.Contains(byArchive)) || (byOrigin is not null && _seen.Contains(byOrigin));
        Remember(byArchive);
        Remember(byOrigin);
        if (archiveId is not null)
        {
            _lastArchiveId = archiveId;
            _lastArchiveTime = archived ?? _client.Options.TimeProvider.GetUtcNow();
            _positionKnown = true;
        }
        if (duplicate)
            return false;
        try
        {
            MessageReceived?.Invoke(this, new CaughtUpMessage(message, archiveId, fromArchive));
        }
        catch (Exception ex)
        {
            // An application bug in a handler must not stop delivery to the others.
            _logger.LogError(ex, "A message handler threw");
        }
        return true;
    }

    private void Remember(string? key)
    {
        if (key is null || !_seen.Add(key))
            return;
        _seenOrder.Enqueue(key);
        while (_seenOrder.Count > DuplicateWindow)
            _seen.Remove(_seenOrder.Dequeue());
    }
}
