using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Mam;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Cli.Session;

/// <summary>
/// Keeps the local history level with our own server archive: after every new session (not a resumed
/// one, which lost nothing) it fetches everything after the last archive id we stored, page by page, and
/// stores it de-duplicated together with the new last id. An archive that does not know that id is read by
/// time instead, from when the id was stored (<see cref="MamExtension.QueryAfterAsync"/>).
/// </summary>
internal sealed class HistorySync : IDisposable
{
    private readonly XmppClient _client;
    private readonly MamExtension _mam;
    private readonly HistoryStore _store;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private Task<int> _current = Task.FromResult(0);

    /// <summary>Hooks <paramref name="client"/>'s <see cref="XmppClient.SessionStarted"/>; add it before connecting.</summary>
    public HistorySync(XmppClient client, MamExtension mam, HistoryStore store)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _mam = mam;
        _store = store;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<HistorySync>();
        client.SessionStarted += (_, e) =>
        {
            if (!e.IsResumed)
                Volatile.Write(ref _current, RunLoggedAsync());
        };
    }

    /// <summary>The catch-up started by the latest session: completes with how many messages were new, or
    /// fails with why the archive could not be read (e.g. the server has no archive).</summary>
    public Task<int> Current => Volatile.Read(ref _current);

    /// <summary>Fetches everything after the last stored archive id from our own archive.</summary>
    /// <returns>How many messages were new.</returns>
    /// <exception cref="StanzaErrorException">The archive refused a query.</exception>
    public Task<int> SyncAsync(CancellationToken cancellationToken = default) => SyncAsync(null, cancellationToken);

    /// <summary>Fetches what is new in an archive: ours (<paramref name="room"/> null) or a room's. A room seen
    /// for the first time gives only its newest page (a room's whole past can be huge); after that, everything
    /// after the last stored id.</summary>
    /// <returns>How many messages were new.</returns>
    /// <exception cref="StanzaErrorException">The archive refused a query.</exception>
    public async Task<int> SyncAsync(Jid? room, CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var me = _client.BoundJid?.Bare ?? throw new XmppNotConnectedException();
            var archive = room?.Bare ?? me;
            var after = _store.GetLastArchiveId(archive);
            try
            {
                return await FetchAsync(archive, me, after, cancellationToken).ConfigureAwait(false);
            }
            catch (StanzaErrorException ex) when (after is not null && ex.Error.Condition == "item-not-found")
            {
                // The archive does not know our last id and we know no time to go by: fetch all it has; duplicates are dropped.
                _logger.LogInformation("The archive {Archive} forgot {Id}; fetching it again", archive, after);
                return await FetchAsync(archive, me, null, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Releases the gate that keeps two catch-ups from running at once.</summary>
    public void Dispose() => _oneAtATime.Dispose();

    private async Task<int> FetchAsync(Jid archive, Jid me, string? after, CancellationToken cancellationToken)
    {
        var target = archive == me ? null : archive;
        if (target is not null && after is null)
        {
            var newest = await _mam.QueryAsync(target, beforeId: "", max: _mam.PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Store(newest);
        }
        var added = 0;
        // After a stored id, the library's rule: by time from when we last stored one should the archive not
        // know the id (expired, or kept from another server), whether it says item-not-found or answers empty.
        var pages = after is null
            ? _mam.QueryAllAsync(target, cancellationToken: cancellationToken)
            : _mam.QueryAfterAsync(target, after, _store.GetLastArchiveTime(archive), cancellationToken);
        await foreach (var page in pages.ConfigureAwait(false))
            added += Store(page);
        return added;

        int Store(ArchivePage page)
        {
            var rows = page.Messages.Select(m => HistoryMapper.FromArchive(m, me)).OfType<HistoryMessage>();
            var last = page.ResultSet.Last ?? (page.Messages.Count > 0 ? page.Messages[^1].ArchiveId : null);
            return _store.AddArchivePage(archive, rows, last);
        }
    }

    private async Task<int> RunLoggedAsync()
    {
        try
        {
            var added = await SyncAsync().ConfigureAwait(false);
            _logger.LogInformation("Fetched {Count} new messages from the archive", added);
            return added;
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            _logger.LogWarning("Could not fetch the archive: {Reason}", ex.Message);
            throw;
        }
    }
}
