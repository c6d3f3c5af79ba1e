using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Im;

/// <summary>
/// The roster (RFC 6121 §2): fetches it, with roster versioning when the server offers it, keeps an
/// in-memory cache that pushes update, and adds, updates and removes items. Add it with
/// <see cref="XmppClient.Use{T}(T)"/>.
/// </summary>
/// <remarks>
/// The cache outlives sessions. To persist it, store <see cref="Version"/> and <see cref="Items"/> and hand
/// them back to <see cref="Preload"/> before the next <see cref="GetRosterAsync"/>. Only pushes from the
/// account itself are applied (RFC 6121 §2.1.6); anyone else gets <c>service-unavailable</c>, as if
/// nothing handled roster pushes. The server sends pushes only to resources that fetched the roster in
/// this session (RFC 6121 §2.1.6), so call <see cref="GetRosterAsync"/> after every connect.
/// </remarks>
public sealed class RosterManager : IXmppExtension
{
    private static readonly XName QueryName = XName.Get("query", ImNamespaces.Roster);
    private static readonly XName VerFeature = XName.Get("ver", ImNamespaces.RosterVersioning);

    private readonly Lock _gate = new();
    private readonly Dictionary<Jid, RosterItem> _items = [];
    private XmppClient? _client;
    private ILogger _logger = NullLogger.Instance;
    private string? _version;
    // Pushes are applied on the dispatcher, the fetch result on the reader: a push can be applied before an
    // older full result replaces the cache. Pushes seen while a fetch is in flight are replayed on top of it.
    private int _fetching;
    private readonly List<(RosterItem Item, string? Version)> _pushLog = [];

    /// <summary>Raised when a push added, updated or removed an item.</summary>
    public event EventHandler<RosterChangedEventArgs>? RosterChanged;

    /// <summary>Raised when <see cref="GetRosterAsync"/> got the roster (or confirmation the cache is current).</summary>
    public event EventHandler<RosterReceivedEventArgs>? RosterReceived;

    /// <summary>The version of the cached roster, or null when none is known.</summary>
    public string? Version
    {
        get { lock (_gate) return _version; }
    }

    /// <summary>A snapshot of the cached roster items.</summary>
    public IReadOnlyCollection<RosterItem> Items
    {
        get { lock (_gate) return [.. _items.Values]; }
    }

    /// <summary>Whether the current session's server offers roster versioning.</summary>
    public bool SupportsVersioning => Client.StreamFeatures?.Element(VerFeature) is not null;

    private XmppClient Client => _client ?? throw new InvalidOperationException("The roster manager is not attached to a client.");

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_client is not null)
            throw new InvalidOperationException("The roster manager is already attached.");
        _client = client;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RosterManager>();
        client.Router.AddIqHandler(QueryName, IqType.Set, HandlePush);
    }

    /// <summary>The cached item for <paramref name="jid"/> (compared as a bare JID), or null.</summary>
    public RosterItem? GetItem(Jid jid)
    {
        ArgumentNullException.ThrowIfNull(jid);
        lock (_gate)
            return _items.GetValueOrDefault(jid.Bare);
    }

    /// <summary>Replaces the cache with a persisted one, so that the next fetch can ask only for changes.</summary>
    /// <param name="version">The stored version (null when the server did not version).</param>
    /// <param name="items">The stored items.</param>
    public void Preload(string? version, IEnumerable<RosterItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_gate)
        {
            _items.Clear();
            foreach (var item in items)
            {
                if (item.Subscription != RosterSubscription.Remove)
                    _items[item.Jid] = item;
            }
            _version = version;
        }
    }

    /// <summary>Fetches the roster. With versioning, sends the cached version; an empty answer means the
    /// cache is current and changes follow as pushes.</summary>
    /// <returns>The roster after the fetch.</returns>
    /// <exception cref="StanzaErrorException">The server refused.</exception>
    /// <exception cref="XmppNotConnectedException">There is no session.</exception>
    public async Task<IReadOnlyCollection<RosterItem>> GetRosterAsync(CancellationToken cancellationToken = default)
    {
        var query = new XElement(QueryName);
        var versioned = SupportsVersioning;
        var sentVersion = Version;
        if (versioned)
        {
            // RFC 6121 §2.6.3: an empty ver bootstraps versioning when nothing is cached.
            query.SetAttributeValue("ver", sentVersion ?? "");
        }
        lock (_gate)
            _fetching++;
        Iq result;
        try
        {
            result = await Client.SendIqAsync(new Iq(IqType.Get, query), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
                EndFetch();
            throw;
        }
        var payload = result.Element.Element(QueryName);
        IReadOnlyCollection<RosterItem> items;
        string? version;
        var unchanged = payload is null && versioned;
        lock (_gate)
        {
            try
            {
                if (!unchanged)
                    ReplaceFrom(payload, versioned);
            }
            finally
            {
                EndFetch();
            }
            items = [.. _items.Values];
            // The version this answer stands for: pushes that follow it may already have moved _version on.
            version = unchanged ? sentVersion : (string?)payload?.Attribute("ver") ?? _version;
        }
        Raise(RosterReceived, new RosterReceivedEventArgs(items, version, unchanged));
        return items;
    }

    // Under _gate.
    private void EndFetch()
    {
        if (--_fetching == 0)
            _pushLog.Clear();
    }

    // Under _gate.
    private void ReplaceFrom(XElement? payload, bool versioned)
    {
        _items.Clear();
        foreach (var element in payload?.Elements(XName.Get("item", ImNamespaces.Roster)) ?? [])
        {
            RosterItem item;
            try
            {
                item = RosterItem.Parse(element);
            }
            catch (FormatException)
            {
                continue; // One bad item must not cost the user the rest of the roster.
            }
            if (item.Subscription != RosterSubscription.Remove)
                _items[item.Jid] = item;
        }
        _version = versioned ? (string?)payload?.Attribute("ver") : null;
        // Replaying pushes older than the result ends in the same state as the result (the last push
        // per item wins); their version may then be older than the result's, which only costs a
        // fuller answer next time.
        foreach (var (item, ver) in _pushLog)
        {
            Apply(item);
            if (ver is not null)
                _version = ver;
        }
    }

    /// <summary>Adds an item or updates its name and groups. The cache changes when the server's push arrives.</summary>
    /// <param name="jid">The contact (its bare JID is used).</param>
    /// <param name="name">The handle, or null for none.</param>
    /// <param name="groups">The groups; null or empty for none. Empty names are not allowed.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <exception cref="StanzaErrorException">The server refused (e.g. <c>not-acceptable</c>).</exception>
    public Task AddOrUpdateAsync(Jid jid, string? name = null, IEnumerable<string>? groups = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        var list = groups?.ToList() ?? [];
        // RFC 6121 §2.1.2.2: an empty group name is a bad request; fail before sending.
        if (list.Any(string.IsNullOrEmpty))
            throw new ArgumentException("Group names must not be empty.", nameof(groups));
        return SetAsync(new RosterItem(jid, string.IsNullOrEmpty(name) ? null : name, list), cancellationToken);
    }

    /// <summary>Removes an item; the server also cancels subscriptions both ways (RFC 6121 §2.5).</summary>
    /// <exception cref="StanzaErrorException">The server refused (<c>item-not-found</c> when there is no such item).</exception>
    public Task RemoveAsync(Jid jid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jid);
        return SetAsync(new RosterItem(jid, subscription: RosterSubscription.Remove), cancellationToken);
    }

    private async Task SetAsync(RosterItem item, CancellationToken cancellationToken)
    {
        var query = new XElement(QueryName, item.ToRequestElement());
        await Client.SendIqAsync(new Iq(IqType.Set, query), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    // Synchronous on purpose: the dispatcher starts IQ handlers in arrival order, so pushes apply in order.
    private Task<XElement?> HandlePush(Iq push, CancellationToken cancellationToken)
    {
        var self = Client.BoundJid?.Bare;
        // RFC 6121 §2.1.6: a push from anyone but our own account (or the server on its behalf, no 'from')
        // is forged; answer as if roster pushes were not handled at all.
        if (push.From is { } from && (self is null || from != self))
            throw new StanzaErrorException(StanzaError.ServiceUnavailable);
        var query = push.Element.Element(QueryName)!;
        var elements = query.Elements().ToList();
        if (elements.Count != 1)
            throw new StanzaErrorException(StanzaError.BadRequest);
        RosterItem item;
        try
        {
            item = RosterItem.Parse(elements[0]);
        }
        catch (FormatException)
        {
            throw new StanzaErrorException(StanzaError.BadRequest);
        }
        RosterChangedEventArgs change;
        lock (_gate)
        {
            var previous = _items.GetValueOrDefault(item.Jid);
            var ver = (string?)query.Attribute("ver");
            if (ver is not null)
                _version = ver;
            if (_fetching > 0)
                _pushLog.Add((item, ver));
            Apply(item);
            var kind = item.Subscription == RosterSubscription.Remove ? RosterChangeKind.Removed
                : previous is null ? RosterChangeKind.Added
                : RosterChangeKind.Updated;
            change = new RosterChangedEventArgs(kind, item, previous, _version);
        }
        // A removal push for an item we never had still moved the version; tell the app only of real changes.
        if (change.Kind != RosterChangeKind.Removed || change.Previous is not null)
            Raise(RosterChanged, change);
        return Task.FromResult<XElement?>(null);
    }

    // Under _gate.
    private void Apply(RosterItem item)
    {
        if (item.Subscription == RosterSubscription.Remove)
            _items.Remove(item.Jid);
        else
            _items[item.Jid] = item;
    }

    private void Raise<T>(EventHandler<T>? handler, T args) => EventRaiser.Raise(_logger, this, handler, args);
}
