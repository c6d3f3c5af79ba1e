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
/// Archive results include messages we sent ourselves (from any of our resources). Results are accepted only
/// from our own archive for a query we have open (<see cref="MamExtension"/> enforces it). Handlers of
/// <see cref="MessageReceived"/> run one at a time, in delivery order, and must not block. Messages that are
/// archive query results themselves are never delivered.
/// </remarks>
public sealed class ArchiveCatchUp : IDisposable
{
    private readonly XmppClient _client;
    private readonly MamExtension _mam;
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
    private bool _positionKnown;
    private Task _current = Task.CompletedTask;

    /// <summary>Hooks <paramref name="client"/>; create it before connecting.</summary>
    /// <param name="client">The client whose messages to deliver.</param>
    /// <param name="mam">The client's archive extension (already added with <see cref="XmppClient.Use"/>).</param>
    /// <param name="lastArchiveId">The archive id of the last message delivered in an earlier run, to catch up
    /// from at the first session; null to start from wherever the archive stands at the first session.</param>
    public ArchiveCatchUp(XmppClient client, MamExtension mam, string? lastArchiveId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(mam);
        _client = client;
        _mam = mam;
        _lastArchiveId = lastArchiveId;
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
            string? after;
            bool known;
            lock (_gate)
                (after, known) = (_lastArchiveId, _positionKnown);
            if (!known)
            {
                await NotePositionAsync().ConfigureAwait(false);
                return;
            }
            try
            {
                await FetchAfterAsync(after).ConfigureAwait(false);
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

    private async Task FetchAfterAsync(string? after)
    {
        var count = 0;
        await foreach (var page in _mam.QueryAllAsync(afterId: after).ConfigureAwait(false))
        {
            lock (_gate)
            {
                foreach (var archived in page.Messages)
                {
                    if (Deliver(archived.Message, archived.ArchiveId, fromArchive: true))
                        count++;
                }
                // Results dropped as unusable or duplicates still move the position on.
                if (page.ResultSet.Last is { } last)
                    _lastArchiveId = last;
            }
        }
        _logger.LogInformation("Caught up {Count} messages from the archive after {After}", count, after ?? "its start");
    }

    /// <summary>Notes the archive's newest id without delivering it: everything after it is new to us.</summary>
    private async Task NotePositionAsync()
    {
        var newest = await _mam.QueryAsync(beforeId: "", max: 1).ConfigureAwait(false);
        var id = newest.Messages.Count > 0 ? newest.Messages[^1].ArchiveId : newest.ResultSet.Last;
        lock (_gate)
        {
            // A live message delivered meanwhile may already have moved the position further.
            if (!_positionKnown)
                _lastArchiveId = id;
            _positionKnown = true;
        }
    }

    private string? TrustedStanzaId(Message message) =>
        _client.BoundJid is { } me ? MessageIds.GetStanzaId(message, me.Bare) : null;

    /// <summary>Raises <see cref="MessageReceived"/> unless the message was delivered before; under the gate.</summary>
    private bool Deliver(Message message, string? archiveId, bool fromArchive)
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
