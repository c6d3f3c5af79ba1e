using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.DataForms;
using Magpie.Xmpp.Extensions.Delay;
using Magpie.Xmpp.Extensions.Rsm;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Extensions.Mam;

/// <summary>XEP-0313 Message Archive Management: queries our own archive or a room's, one page at a time
/// (<see cref="QueryAsync"/>) or page after page (<see cref="QueryAllAsync"/>).</summary>
/// <remarks>
/// Results arrive as messages before the IQ answer that ends the query. A result is accepted only when
/// its <c>queryid</c> is one of our open queries and it comes from that query's archive (our own archive
/// speaks without a <c>from</c> or from our bare JID, a room from its bare JID); anything else is
/// dropped, so nobody can slip messages into our history by guessing the shape of a result.
/// Do not await a query from inside a stanza handler: results are delivered by the same dispatcher.
/// </remarks>
public sealed class MamExtension : IXmppExtension
{
    private readonly ConcurrentDictionary<string, OpenQuery> _open = new(StringComparer.Ordinal);
    private XmppClient? _client;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>How much earlier than the time given to <see cref="QueryAfterAsync"/> a fallback by time starts.</summary>
    public static TimeSpan TimeFallbackMargin { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The page size <see cref="QueryAllAsync"/> asks for (default 100).</summary>
    public int PageSize { get; init; } = 100;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MamExtension>();
        // Results are the query's, never messages of their own: claimed, they do not reach MessageReceived.
        client.Router.AddClaim(Routing.InboundOrder.ArchiveResults, static s => s is Message m && m.HasChild(MessageArchive.ResultName), OnResultAsync);
    }

    private XmppClient Client => _client ?? throw new InvalidOperationException("The extension is not attached to a client.");

    /// <summary>Queries one page of an archive.</summary>
    /// <param name="archive">The archive: null (or our own bare JID) for our own, a room's bare JID for its archive.</param>
    /// <param name="with">Only messages to or from this JID (a bare JID also matches its resources).</param>
    /// <param name="start">Only messages archived at or after this time.</param>
    /// <param name="end">Only messages archived at or before this time.</param>
    /// <param name="afterId">The page starts after this archive id (XEP-0059 <c>&lt;after/&gt;</c>).</param>
    /// <param name="beforeId">The page ends before this archive id (XEP-0059 <c>&lt;before/&gt;</c>); the empty
    /// string asks for the newest page. With <paramref name="afterId"/> too, both go into the query form
    /// as <c>after-id</c>/<c>before-id</c>, which needs an archive advertising <see cref="MessageArchive.ExtendedFeature"/>.</param>
    /// <param name="max">The most messages in the page; null lets the archive decide.</param>
    /// <param name="cancellationToken">Stops waiting; results that come later are dropped.</param>
    /// <returns>The page: its messages oldest first, the XEP-0059 answer and whether it was the last page.</returns>
    /// <exception cref="StanzaErrorException">The archive refused the query (e.g. <c>item-not-found</c> for an
    /// unknown <paramref name="afterId"/>) or did not answer in time.</exception>
    /// <exception cref="XmppPayloadException">The archive's answer had no <c>&lt;fin/&gt;</c>.</exception>
    /// <exception cref="XmppNotConnectedException">There is no session.</exception>
    public async Task<ArchivePage> QueryAsync(Jid? archive = null, Jid? with = null, DateTimeOffset? start = null, DateTimeOffset? end = null,
        string? afterId = null, string? beforeId = null, int? max = null, CancellationToken cancellationToken = default)
    {
        var client = Client;
        var me = client.BoundJid?.Bare ?? throw new XmppNotConnectedException();
        // Our own archive is addressed without 'to' (it is our account), a room's by its bare JID.
        var target = archive is null || archive.Bare == me ? null : archive.Bare;
        var queryId = client.Options.IdGenerator.NextId();
        var query = new OpenQuery(target ?? me, isOwn: target is null);
        if (!_open.TryAdd(queryId, query))
            throw new InvalidOperationException($"A query with id '{queryId}' is already open.");
        try
        {
            var payload = BuildQuery(queryId, with, start, end, afterId, beforeId, max);
            // The answer ends the query where it stands in the stream: results are delivered in stream order with
            // it, so every result sent before it is in, and one arriving after it is dropped (§4.1: results come first).
            var answer = await client.SendIqAsync(new Iq(IqType.Set, payload, target), null, _ => query.Finish(), cancellationToken).ConfigureAwait(false);
            var fin = answer.Element.Element(MessageArchive.FinName)
                ?? throw new XmppPayloadException("The archive answered the query without <fin/>.");
            var set = ResultSetInfo.Parse(fin.Element(ResultSetManagement.SetName));
            var complete = (string?)fin.Attribute("complete") is "true" or "1";
            return new ArchivePage(query.Snapshot(), set, complete);
        }
        finally
        {
            _open.TryRemove(queryId, out _);
        }
    }

    /// <summary>Queries an archive page after page, each starting after the previous page's last id,
    /// until the archive says the result set is complete or names no last id.</summary>
    /// <param name="archive">As in <see cref="QueryAsync"/>.</param>
    /// <param name="with">As in <see cref="QueryAsync"/>.</param>
    /// <param name="start">As in <see cref="QueryAsync"/>.</param>
    /// <param name="end">As in <see cref="QueryAsync"/>.</param>
    /// <param name="afterId">Start after this archive id; null starts at the beginning of the archive.</param>
    /// <param name="cancellationToken">Stops paging.</param>
    /// <exception cref="StanzaErrorException">The archive refused a page.</exception>
    public async IAsyncEnumerable<ArchivePage> QueryAllAsync(Jid? archive = null, Jid? with = null, DateTimeOffset? start = null, DateTimeOffset? end = null,
        string? afterId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = afterId;
        while (true)
        {
            var page = await QueryAsync(archive, with, start, end, cursor, null, PageSize, cancellationToken).ConfigureAwait(false);
            yield return page;
            // Stop on 'complete', on an empty result set, and on an archive that does not move forward (it would
            // loop forever). A page whose results were all dropped still moves on: its last id says where to.
            if (page.IsComplete || page.ResultSet.Last is not { } last || last == cursor)
                yield break;
            cursor = last;
        }
    }

    /// <summary>Pages an archive after <paramref name="afterId"/>, as a catch-up does, falling back to time when
    /// the archive does not know that id (it expired, or it is a cursor kept from another server after a
    /// migration): then everything archived at or after <paramref name="since"/> is fetched instead.</summary>
    /// <remarks>The archive does not know the id when it answers <c>item-not-found</c>, or (ejabberd 23.01) an
    /// empty page marked complete whose XEP-0059 count says the archive holds items, unless its newest item
    /// is <paramref name="afterId"/> itself (an archive that is merely up to date answers the same way, Prosody
    /// does: the count is of the whole result set); that is asked with one more, one-item query.
    /// Pages fetched by time may repeat messages already seen: callers recognise them by their ids.</remarks>
    /// <param name="archive">As in <see cref="QueryAsync"/>.</param>
    /// <param name="afterId">The last archive id the caller has.</param>
    /// <param name="since">Where to start by time when the archive does not know <paramref name="afterId"/>;
    /// null to report that instead (<c>item-not-found</c>).</param>
    /// <param name="cancellationToken">Stops paging.</param>
    /// <exception cref="StanzaErrorException">The archive refused a page, or does not know <paramref name="afterId"/>
    /// and <paramref name="since"/> is null (<c>item-not-found</c>).</exception>
    public async IAsyncEnumerable<ArchivePage> QueryAfterAsync(Jid? archive, string afterId, DateTimeOffset? since,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(afterId);
        var first = await QueryFirstAfterAsync(archive, afterId, cancellationToken).ConfigureAwait(false);
        if (first is not null)
        {
            yield return first;
            if (first.IsComplete || first.ResultSet.Last is not { } last || last == afterId)
                yield break;
            await foreach (var page in QueryAllAsync(archive, afterId: last, cancellationToken: cancellationToken).ConfigureAwait(false))
                yield return page;
            yield break;
        }
        if (since is not { } start)
            throw new StanzaErrorException(new StanzaError(StanzaErrorType.Cancel, "item-not-found", $"The archive does not know the id '{afterId}'."));
        // Some margin: 'since' is the caller's idea of the time, the archive's clock may differ.
        var from = start - TimeFallbackMargin;
        _logger.LogWarning("The archive does not know {Id}; fetching what it holds since {Since}", afterId, DelayedDelivery.FormatStamp(from));
        await foreach (var page in QueryAllAsync(archive, start: from, cancellationToken: cancellationToken).ConfigureAwait(false))
            yield return page;
    }

    /// <summary>The first page after <paramref name="afterId"/>, or null when the archive does not know that id.</summary>
    private async Task<ArchivePage?> QueryFirstAfterAsync(Jid? archive, string afterId, CancellationToken cancellationToken)
    {
        ArchivePage page;
        try
        {
            page = await QueryAsync(archive, afterId: afterId, max: PageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StanzaErrorException ex) when (ex.Error.Condition == "item-not-found")
        {
            return null;
        }
        var emptyButCounted = page.IsComplete && page.Messages.Count == 0 && page.ResultSet.First is null
            && page.ResultSet.Last is null && page.ResultSet.Count is > 0;
        if (!emptyButCounted)
            return page;
        // Up to date, or an id it does not know? Its newest item says which.
        var newest = await QueryAsync(archive, beforeId: "", max: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
        var newestId = newest.Messages.Count > 0 ? newest.Messages[^1].ArchiveId : newest.ResultSet.Last;
        return newestId == afterId ? page : null;
    }

    internal static XElement BuildQuery(string queryId, Jid? with, DateTimeOffset? start, DateTimeOffset? end, string? afterId, string? beforeId, int? max)
    {
        var query = new XElement(MessageArchive.QueryName, new XAttribute("queryid", queryId));
        var bothIds = afterId is not null && !string.IsNullOrEmpty(beforeId);
        if (with is not null || start is not null || end is not null || bothIds)
        {
            var form = new DataForm(DataFormType.Submit) { FormType = MessageArchive.Namespace };
            if (with is not null)
                form.SetValues("with", with.ToString());
            if (start is { } s)
                form.SetValues("start", DelayedDelivery.FormatStamp(s));
            if (end is { } e)
                form.SetValues("end", DelayedDelivery.FormatStamp(e));
            if (bothIds)
            {
                // RSM leaves <after/> with <before/> undefined; the extended form fields say "between" (§4.1.1).
                form.SetValues("after-id", afterId!);
                form.SetValues("before-id", beforeId!);
            }
            query.Add(form.ToElement());
        }
        var rsm = new ResultSetRequest
        {
            Max = max,
            After = bothIds ? null : afterId,
            Before = bothIds ? null : beforeId,
        };
        if (rsm.Max is not null || rsm.After is not null || rsm.Before is not null)
            query.Add(rsm.ToElement());
        return query;
    }

    private ValueTask OnResultAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var outer = (Message)stanza;
        var result = outer.GetChild(MessageArchive.ResultName)!;
        var queryId = (string?)result.Attribute("queryid");
        if (queryId is null || !_open.TryGetValue(queryId, out var query))
        {
            _logger.LogWarning("Ignored an archive result for a query we do not have open ({QueryId}) from {From}", queryId, outer.From);
            return ValueTask.CompletedTask;
        }
        if (!query.IsFromArchive(outer.From))
        {
            _logger.LogWarning("Ignored an archive result from {From}: the query went to {Archive}", outer.From, query.Archive);
            return ValueTask.CompletedTask;
        }
        var id = (string?)result.Attribute("id");
        var forwarded = result.Element(MessageArchive.ForwardedName);
        var inner = forwarded?.Element(MessageArchive.InnerMessageName);
        if (string.IsNullOrEmpty(id) || forwarded is null || inner is null)
        {
            _logger.LogWarning("Ignored an archive result without an id or a forwarded message");
            return ValueTask.CompletedTask;
        }
        var message = new Message(new XElement(inner));
        try
        {
            _ = message.From;
            _ = message.To;
        }
        catch (JidFormatException ex)
        {
            _logger.LogWarning("Ignored an archive result with an invalid inner address: {Reason}", ex.Message);
            return ValueTask.CompletedTask;
        }
        var stamp = DelayedDelivery.Bound(DelayedDelivery.GetStamp(forwarded), Client.Options.TimeProvider.GetUtcNow());
        if (!query.Add(new ArchivedMessage(query.Archive, id, stamp, message)))
            _logger.LogWarning("Ignored an archive result {Id} that arrived after the query's <fin/>", id);
        return ValueTask.CompletedTask;
    }

    /// <summary>One query in flight: where its results may come from and what arrived before its answer.</summary>
    private sealed class OpenQuery(Jid archive, bool isOwn)
    {
        private readonly Lock _gate = new();
        private readonly List<ArchivedMessage> _results = [];
        private bool _finished;

        public Jid Archive { get; } = archive;

        public bool IsFromArchive(Jid? from) =>
            isOwn ? from is null || from == Archive : from == Archive;

        /// <summary>Keeps a result; false when the query's answer already came (the result is dropped).</summary>
        public bool Add(ArchivedMessage message)
        {
            lock (_gate)
            {
                if (_finished)
                    return false;
                _results.Add(message);
                return true;
            }
        }

        /// <summary>The answer came: nothing more belongs to this query.</summary>
        public void Finish()
        {
            lock (_gate)
                _finished = true;
        }

        public IReadOnlyList<ArchivedMessage> Snapshot()
        {
            lock (_gate)
                return [.. _results];
        }
    }
}
