using System.Xml.Linq;
using Magpie.Xmpp.Extensions.DataForms;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Extensions.Bookmarks;

/// <summary>XEP-0402 PEP Native Bookmarks when the server supports them, else XEP-0048 bookmarks in
/// XEP-0049 private XML storage: list, add and remove rooms, and join the autojoin ones at login
/// (needs <see cref="MucExtension"/> on the same client).</summary>
public sealed class BookmarksExtension : IXmppExtension
{
    /// <summary>The XEP-0402 namespace and PEP node.</summary>
    public const string Namespace = "urn:xmpp:bookmarks:1";

    /// <summary>The XEP-0048 namespace.</summary>
    public const string LegacyNamespace = "storage:bookmarks";

    /// <summary>The XEP-0049 private XML storage namespace.</summary>
    public const string PrivateNamespace = "jabber:iq:private";

    private const string PubSub = "http://jabber.org/protocol/pubsub";
    private static readonly XNamespace Ns = Namespace;
    private static readonly XNamespace LegacyNs = LegacyNamespace;
    private static readonly XNamespace PubSubNs = PubSub;
    private static readonly XNamespace PrivateNs = PrivateNamespace;
    private static readonly XNamespace EventNs = PubSub + "#event";
    private static readonly XName EventName = EventNs + "event";

    private XmppClient? _client;
    private ILogger _logger = NullLogger.Instance;
    private BookmarkStorage? _storage;

    /// <summary>Join the autojoin bookmarks when a new (not resumed) session starts. Default true.</summary>
    public bool AutojoinOnLogin { get; init; } = true;

    /// <summary>Force a storage instead of asking the server (tests, broken servers); null detects.</summary>
    public BookmarkStorage? Storage { get; init; }

    /// <summary>The client this extension is attached to.</summary>
    public XmppClient Client => _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");

    /// <summary>A bookmark was added, changed or removed by another client (XEP-0402 notification).</summary>
    public event EventHandler<BookmarkChangedEventArgs>? BookmarkChanged;

    /// <summary>An autojoin bookmark could not be joined; the exception says why.</summary>
    public event EventHandler<BookmarkAutojoinFailedEventArgs>? AutojoinFailed;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BookmarksExtension>();
        client.Disconnected += (_, _) => _storage = null;
        // §3.4: ask PEP for notifications (servers that use entity capabilities read this feature).
        client.Router.AddFeature(Namespace + "+notify");
        client.Router.AddHandler(static s => s is Message m && m.HasChild(EventName), OnEventAsync);
        client.SessionStarted += (_, e) =>
        {
            if (AutojoinOnLogin && !e.IsResumed)
                _ = AutojoinAsync();
        };
    }

    /// <summary>Which storage this server offers: XEP-0402 when our account advertises
    /// <c>urn:xmpp:bookmarks:1#compat</c> (the server keeps both in sync), else private XML.</summary>
    public async Task<BookmarkStorage> GetStorageAsync(CancellationToken cancellationToken = default)
    {
        if (Storage is { } forced)
            return forced;
        if (_storage is { } known)
            return known;
        var account = Client.BoundJid?.Bare ?? throw new XmppNotConnectedException();
        BookmarkStorage storage;
        try
        {
            var query = XName.Get("query", DiscoInfo.Namespace);
            var result = await Client.SendIqAsync(new Iq(IqType.Get, new XElement(query), account), cancellationToken: cancellationToken).ConfigureAwait(false);
            var info = result.GetChild(query) is { } q ? DiscoInfo.Parse(q) : new DiscoInfo();
            storage = info.HasFeature(Namespace + "#compat") ? BookmarkStorage.Pep : BookmarkStorage.PrivateXml;
        }
        catch (StanzaErrorException)
        {
            storage = BookmarkStorage.PrivateXml;
        }
        _storage = storage;
        return storage;
    }

    /// <summary>Reads every bookmark. Entries with an invalid room JID are skipped.</summary>
    public async Task<IReadOnlyList<Bookmark>> GetBookmarksAsync(CancellationToken cancellationToken = default)
    {
        if (await GetStorageAsync(cancellationToken).ConfigureAwait(false) == BookmarkStorage.PrivateXml)
        {
            var storage = await GetPrivateStorageAsync(cancellationToken).ConfigureAwait(false);
            return storage.Elements(LegacyNs + "conference").Select(ParseLegacy).OfType<Bookmark>().ToList();
        }
        var request = new XElement(PubSubNs + "pubsub", new XElement(PubSubNs + "items", new XAttribute("node", Namespace)));
        Iq result;
        try
        {
            result = await Client.SendIqAsync(new Iq(IqType.Get, request), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StanzaErrorException ex) when (ex.Error.Condition == "item-not-found")
        {
            return []; // no node yet: nobody ever bookmarked anything
        }
        var items = result.GetChild(PubSubNs + "pubsub")?.Element(PubSubNs + "items")?.Elements(PubSubNs + "item") ?? [];
        return items.Select(ParsePep).OfType<Bookmark>().ToList();
    }

    /// <summary>Adds a bookmark, or replaces the one for the same room.</summary>
    public async Task AddAsync(Bookmark bookmark, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bookmark);
        var room = bookmark.Room.Bare;
        if (await GetStorageAsync(cancellationToken).ConfigureAwait(false) == BookmarkStorage.PrivateXml)
        {
            var storage = await GetPrivateStorageAsync(cancellationToken).ConfigureAwait(false);
            RemoveLegacy(storage, room);
            var conference = new XElement(LegacyNs + "conference", new XAttribute("jid", room.ToString()), new XAttribute("autojoin", bookmark.Autojoin ? "true" : "false"));
            if (bookmark.Name is not null)
                conference.SetAttributeValue("name", bookmark.Name);
            AddNickAndPassword(conference, LegacyNs, bookmark);
            storage.Add(conference);
            await SetPrivateStorageAsync(storage, cancellationToken).ConfigureAwait(false);
            return;
        }
        var item = new XElement(Ns + "conference", new XAttribute("autojoin", bookmark.Autojoin ? "true" : "false"));
        if (bookmark.Name is not null)
            item.SetAttributeValue("name", bookmark.Name);
        AddNickAndPassword(item, Ns, bookmark);
        // §5: private, persistent, as many items as rooms.
        var options = new DataForm(DataFormType.Submit) { FormType = "http://jabber.org/protocol/pubsub#publish-options" };
        options.SetValues("pubsub#persist_items", "true");
        options.SetValues("pubsub#max_items", "max");
        options.SetValues("pubsub#send_last_published_item", "never");
        options.SetValues("pubsub#access_model", "whitelist");
        var publish = new XElement(PubSubNs + "pubsub",
            new XElement(PubSubNs + "publish", new XAttribute("node", Namespace),
                new XElement(PubSubNs + "item", new XAttribute("id", room.ToString()), item)),
            new XElement(PubSubNs + "publish-options", options.ToElement()));
        await Client.SendIqAsync(new Iq(IqType.Set, publish), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the bookmark for <paramref name="room"/>; nothing happens when there is none.</summary>
    public async Task RemoveAsync(Jid room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        room = room.Bare;
        if (await GetStorageAsync(cancellationToken).ConfigureAwait(false) == BookmarkStorage.PrivateXml)
        {
            var storage = await GetPrivateStorageAsync(cancellationToken).ConfigureAwait(false);
            if (RemoveLegacy(storage, room))
                await SetPrivateStorageAsync(storage, cancellationToken).ConfigureAwait(false);
            return;
        }
        var retract = new XElement(PubSubNs + "pubsub",
            new XElement(PubSubNs + "retract", new XAttribute("node", Namespace), new XAttribute("notify", "true"),
                new XElement(PubSubNs + "item", new XAttribute("id", room.ToString()))));
        try
        {
            await Client.SendIqAsync(new Iq(IqType.Set, retract), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StanzaErrorException ex) when (ex.Error.Condition == "item-not-found")
        {
        }
    }

    private ValueTask OnEventAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var message = (Message)stanza;
        // Only our own account may tell us about our bookmarks: PEP events come from our bare JID (or no from).
        var me = Client.BoundJid?.Bare;
        if (me is null || (message.From is { } from && from != me))
            return ValueTask.CompletedTask;
        var items = message.GetChild(EventName)?.Element(EventNs + "items");
        if ((string?)items?.Attribute("node") != Namespace)
            return ValueTask.CompletedTask;
        foreach (var change in items!.Elements())
        {
            if (change.Name == EventNs + "item" && ParsePep(new XElement(PubSubNs + "item", change.Attributes(), change.Elements())) is { } bookmark)
            {
                Im.EventRaiser.Raise(_logger, this, BookmarkChanged, new BookmarkChangedEventArgs(bookmark.Room, bookmark));
                // §3.4: a new autojoin bookmark means "join it now".
                if (bookmark.Autojoin && Client.GetExtension<MucExtension>() is { } muc && muc.GetRoom(bookmark.Room) is null)
                    _ = JoinQuietlyAsync(muc, bookmark);
            }
            else if (change.Name == EventNs + "retract" && Jid.TryParse((string?)change.Attribute("id"), out var room))
            {
                Im.EventRaiser.Raise(_logger, this, BookmarkChanged, new BookmarkChangedEventArgs(room.Bare, null));
            }
        }
        return ValueTask.CompletedTask;
    }

    private async Task JoinQuietlyAsync(MucExtension muc, Bookmark bookmark)
    {
        try
        {
            await muc.JoinAsync(bookmark.Room, bookmark.Nick ?? Client.BoundJid?.Local ?? "magpie", new MucJoinOptions { Password = bookmark.Password }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            Im.EventRaiser.Raise(_logger, this, AutojoinFailed, new BookmarkAutojoinFailedEventArgs(bookmark, ex));
        }
    }

    private async Task AutojoinAsync()
    {
        var muc = Client.GetExtension<MucExtension>();
        if (muc is null)
        {
            _logger.LogDebug("No MucExtension: autojoin skipped");
            return;
        }
        IReadOnlyList<Bookmark> bookmarks;
        try
        {
            bookmarks = await GetBookmarksAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            _logger.LogInformation("Bookmarks could not be read for autojoin: {Reason}", ex.Message);
            return;
        }
        var nick = Client.BoundJid?.Local ?? "magpie";
        foreach (var bookmark in bookmarks.Where(b => b.Autojoin))
            await JoinQuietlyAsync(muc, bookmark with { Nick = bookmark.Nick ?? nick }).ConfigureAwait(false);
    }

    private async Task<XElement> GetPrivateStorageAsync(CancellationToken cancellationToken)
    {
        var query = new XElement(PrivateNs + "query", new XElement(LegacyNs + "storage"));
        var result = await Client.SendIqAsync(new Iq(IqType.Get, query), cancellationToken: cancellationToken).ConfigureAwait(false);
        // Keep what we do not understand (URL bookmarks, other clients' extensions) when writing back.
        return result.GetChild(PrivateNs + "query")?.Element(LegacyNs + "storage") is { } storage
            ? new XElement(storage)
            : new XElement(LegacyNs + "storage");
    }

    private async Task SetPrivateStorageAsync(XElement storage, CancellationToken cancellationToken) =>
        await Client.SendIqAsync(new Iq(IqType.Set, new XElement(PrivateNs + "query", storage)), cancellationToken: cancellationToken).ConfigureAwait(false);

    private static bool RemoveLegacy(XElement storage, Jid room)
    {
        var matches = storage.Elements(LegacyNs + "conference")
            .Where(c => Jid.TryParse((string?)c.Attribute("jid"), out var j) && j.Bare == room).ToList();
        matches.ForEach(m => m.Remove());
        return matches.Count > 0;
    }

    private static void AddNickAndPassword(XElement conference, XNamespace ns, Bookmark bookmark)
    {
        if (bookmark.Nick is not null)
            conference.Add(new XElement(ns + "nick", bookmark.Nick));
        if (bookmark.Password is not null)
            conference.Add(new XElement(ns + "password", bookmark.Password));
    }

    internal static Bookmark? ParsePep(XElement item)
    {
        if (!Jid.TryParse((string?)item.Attribute("id"), out var room) || room.Local is null)
            return null;
        var conference = item.Element(Ns + "conference");
        if (conference is null)
            return null;
        return Read(room.Bare, conference, Ns);
    }

    internal static Bookmark? ParseLegacy(XElement conference)
    {
        if (!Jid.TryParse((string?)conference.Attribute("jid"), out var room) || room.Local is null)
            return null;
        return Read(room.Bare, conference, LegacyNs);
    }

    private static Bookmark Read(Jid room, XElement conference, XNamespace ns) => new(
        room,
        (string?)conference.Attribute("name"),
        (string?)conference.Attribute("autojoin") is "true" or "1",
        (string?)conference.Element(ns + "nick") is { Length: > 0 } nick ? nick : null,
        (string?)conference.Element(ns + "password"));
}
