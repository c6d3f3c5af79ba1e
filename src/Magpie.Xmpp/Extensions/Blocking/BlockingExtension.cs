using System.Collections.Immutable;
using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Blocking;

/// <summary>XEP-0191 Blocking Command: blocks and unblocks JIDs on the server and keeps a local copy of
/// the block list up to date from the server's pushes.</summary>
/// <remarks>Pushes are only accepted from our own server (no <c>from</c>, or our bare JID); anyone else
/// trying to edit our list is answered with <c>service-unavailable</c> and ignored. The local list is
/// only authoritative after <see cref="GetBlockListAsync"/> ran once in the session.</remarks>
public sealed class BlockingExtension : IXmppExtension
{
    /// <summary>The namespace, <c>urn:xmpp:blocking</c>.</summary>
    public const string Namespace = "urn:xmpp:blocking";

    private static readonly XNamespace Ns = Namespace;
    private ImmutableHashSet<Jid> _list = ImmutableHashSet<Jid>.Empty;
    private XmppClient? _client;

    /// <summary>Raised when a push from our server changed the block list.</summary>
    public event EventHandler<BlockListChangedEventArgs>? BlockListChanged;

    /// <summary>The local copy of the block list.</summary>
    public IReadOnlyCollection<Jid> BlockList => Volatile.Read(ref _list);

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        client.Router.AddIqHandler(Ns + "block", IqType.Set, (iq, _) => Task.FromResult(OnPush(client, iq, block: true)));
        client.Router.AddIqHandler(Ns + "unblock", IqType.Set, (iq, _) => Task.FromResult(OnPush(client, iq, block: false)));
    }

    /// <summary>Fetches the block list from the server and replaces the local copy. Items with an invalid JID are skipped.</summary>
    /// <exception cref="StanzaErrorException">The server refused (e.g. it does not support blocking).</exception>
    public async Task<IReadOnlyCollection<Jid>> GetBlockListAsync(CancellationToken cancellationToken = default)
    {
        var result = await Client.SendIqAsync(new Iq(IqType.Get, new XElement(Ns + "blocklist")), cancellationToken: cancellationToken).ConfigureAwait(false);
        var list = result.GetChild(Ns + "blocklist")?.Elements(Ns + "item")
            .Select(i => Jid.TryParse((string?)i.Attribute("jid"), out var jid) ? jid : null)
            .OfType<Jid>()
            .ToImmutableHashSet() ?? ImmutableHashSet<Jid>.Empty;
        Volatile.Write(ref _list, list);
        return list;
    }

    /// <summary>Blocks the given JIDs (bare JIDs block everything from that account, domains a whole server).
    /// The local list is updated by the server's push, not here.</summary>
    /// <exception cref="StanzaErrorException">The server refused.</exception>
    public Task BlockAsync(IEnumerable<Jid> jids, CancellationToken cancellationToken = default) =>
        SendAsync("block", jids, allowEmpty: false, cancellationToken);

    /// <summary>Unblocks the given JIDs.</summary>
    /// <exception cref="StanzaErrorException">The server refused.</exception>
    public Task UnblockAsync(IEnumerable<Jid> jids, CancellationToken cancellationToken = default) =>
        SendAsync("unblock", jids, allowEmpty: false, cancellationToken);

    /// <summary>Unblocks everyone.</summary>
    /// <exception cref="StanzaErrorException">The server refused.</exception>
    public Task UnblockAllAsync(CancellationToken cancellationToken = default) =>
        SendAsync("unblock", [], allowEmpty: true, cancellationToken);

    private async Task SendAsync(string command, IEnumerable<Jid> jids, bool allowEmpty, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jids);
        var payload = new XElement(Ns + command, jids.Select(j => new XElement(Ns + "item", new XAttribute("jid", j.ToString()))));
        // An empty <unblock/> means "unblock everyone": never send one by accident.
        if (!allowEmpty && !payload.HasElements)
            throw new ArgumentException("At least one JID is needed.", nameof(jids));
        await Client.SendIqAsync(new Iq(IqType.Set, payload), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private XElement? OnPush(XmppClient client, Iq push, bool block)
    {
        var from = push.From;
        var self = client.BoundJid;
        if (from is not null && (self is null || from != self.Bare))
            throw new StanzaErrorException(StanzaError.ServiceUnavailable);
        var items = new List<Jid>();
        foreach (var item in push.Payload!.Elements(Ns + "item"))
        {
            if (!Jid.TryParse((string?)item.Attribute("jid"), out var jid))
                throw new StanzaErrorException(new StanzaError(StanzaErrorType.Modify, "jid-malformed"));
            items.Add(jid);
        }
        if (block && items.Count == 0)
            throw new StanzaErrorException(StanzaError.BadRequest);
        var unblockAll = !block && items.Count == 0;
        ImmutableHashSet<Jid> updated;
        ImmutableHashSet<Jid> current;
        do
        {
            current = Volatile.Read(ref _list);
            updated = block ? current.Union(items) : unblockAll ? ImmutableHashSet<Jid>.Empty : current.Except(items);
        }
        while (Interlocked.CompareExchange(ref _list, updated, current) != current);
        try
        {
            BlockListChanged?.Invoke(this, new BlockListChangedEventArgs(block ? items : [], block ? [] : items, unblockAll, updated));
        }
        catch (Exception)
        {
            // An application bug in a handler must not turn the server's push into an error reply.
        }
        return null;
    }

    private XmppClient Client => _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");
}
