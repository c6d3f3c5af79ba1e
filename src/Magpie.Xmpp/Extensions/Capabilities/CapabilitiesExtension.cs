using System.Collections.Concurrent;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Disco;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magpie.Xmpp.Extensions.Capabilities;

/// <summary>
/// XEP-0115 Entity Capabilities: adds our <c>&lt;c/&gt;</c> to every available presence we send, answers
/// disco#info for our <c>node#ver</c>, and learns other entities' features from their presence: a
/// <c>ver</c> seen for the first time is queried once, its hash verified, and only then cached, so a
/// peer cannot poison the cache with features it does not have.
/// </summary>
/// <remarks>Needs <see cref="DiscoExtension"/> on the same client (add it first).</remarks>
public sealed class CapabilitiesExtension : IXmppExtension
{
    /// <summary>The caps namespace.</summary>
    public const string Namespace = "http://jabber.org/protocol/caps";

    private static readonly XName CapsName = XName.Get("c", Namespace);
    private readonly ConcurrentDictionary<string, DiscoInfo> _byVer = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Jid, string> _verByEntity = new();
    private readonly ConcurrentDictionary<string, Task> _pending = new(StringComparer.Ordinal);
    private XmppClient? _client;
    private DiscoExtension? _disco;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the extension.</summary>
    /// <param name="node">The URI that names our software in <c>&lt;c node=…/&gt;</c>.</param>
    public CapabilitiesExtension(string node = "https://github.com/magpie-xmpp/magpie")
    {
        Node = node;
    }

    /// <summary>Our software's node URI.</summary>
    public string Node { get; }

    /// <summary>The verified features by <c>ver</c>, to persist between runs (see <see cref="Preload"/>).</summary>
    public IReadOnlyDictionary<string, DiscoInfo> Cache => _byVer;

    /// <summary>Raised when an entity's features become known.</summary>
    public event EventHandler<CapabilitiesDiscoveredEventArgs>? CapabilitiesDiscovered;

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _disco = client.GetExtension<DiscoExtension>()
            ?? throw new InvalidOperationException("Entity capabilities needs service discovery: add DiscoExtension first.");
        _client = client;
        _logger = (client.Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CapabilitiesExtension>();
        client.Router.AddFeature(Namespace);
        client.Router.AddOutgoingPresenceFilter(AddOwnCapabilities);
        _disco.AddNodeInfoProvider(node => node == $"{Node}#{OwnVer()}" ? _disco.GetOwnInfo(client) : null);
        client.Router.AddHandler(static s => s is Presence p && p.HasChild(CapsName), OnPresenceAsync);
    }

    /// <summary>Our current verification string (it changes when features are added).</summary>
    public string OwnVer() => CapabilitiesHash.Compute(Disco.GetOwnInfo(Client))
        ?? throw new InvalidOperationException("Our own disco#info is not well-formed (duplicate identity or feature).");

    /// <summary>The features of an entity, if its capabilities are known and verified.</summary>
    public DiscoInfo? GetInfo(Jid entity) =>
        _verByEntity.TryGetValue(entity, out var ver) && _byVer.TryGetValue(ver, out var info) ? info : null;

    /// <summary>Loads a cache saved from <see cref="Cache"/>; entries whose hash does not verify are skipped.</summary>
    public void Preload(IEnumerable<KeyValuePair<string, DiscoInfo>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (ver, info) in entries)
        {
            if (CapabilitiesHash.Compute(info) == ver)
                _byVer[ver] = info;
        }
    }

    /// <summary>Completes when every capabilities query started so far has been answered and judged.</summary>
    internal Task WhenDiscoveriesDoneAsync() => Task.WhenAll(_pending.Values);

    /// <summary>Parses the <c>&lt;c/&gt;</c> of a presence, or null.</summary>
    public static EntityCapabilities? Read(Presence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        var c = presence.GetChild(CapsName);
        if (c is null || (string?)c.Attribute("node") is not { } node || (string?)c.Attribute("ver") is not { } ver)
            return null;
        return new EntityCapabilities(node, ver, (string?)c.Attribute("hash") ?? "");
    }

    private XmppClient Client => _client ?? throw new InvalidOperationException("The extension is not attached.");
    private DiscoExtension Disco => _disco ?? throw new InvalidOperationException("The extension is not attached.");

    private void AddOwnCapabilities(Presence presence)
    {
        if (presence.Type != PresenceType.Available || presence.HasChild(CapsName))
            return;
        presence.Element.Add(new XElement(CapsName,
            new XAttribute("hash", "sha-1"), new XAttribute("node", Node), new XAttribute("ver", OwnVer())));
    }

    private ValueTask OnPresenceAsync(Stanza stanza, CancellationToken cancellationToken)
    {
        var presence = (Presence)stanza;
        if (presence.From is not { } from || presence.Type != PresenceType.Available)
            return ValueTask.CompletedTask;
        var caps = Read(presence);
        // Only sha-1 is verifiable here; legacy caps without a hash cannot be trusted for caching.
        if (caps is null || caps.Hash != "sha-1")
            return ValueTask.CompletedTask;
        _verByEntity[from] = caps.Ver;
        if (_byVer.TryGetValue(caps.Ver, out var known))
        {
            Raise(from, known);
            return ValueTask.CompletedTask;
        }
        // One query per ver, however many contacts announce it.
        _pending.GetOrAdd(caps.Ver, _ => DiscoverAsync(from, caps));
        return ValueTask.CompletedTask;
    }

    private async Task DiscoverAsync(Jid from, EntityCapabilities caps)
    {
        try
        {
            var info = await Disco.GetInfoAsync(from, $"{caps.Node}#{caps.Ver}").ConfigureAwait(false);
            var actual = CapabilitiesHash.Compute(info);
            if (actual != caps.Ver)
            {
                _logger.LogWarning("Capabilities of {Entity} do not verify (announced {Announced}, computed {Actual}); not cached", from, caps.Ver, actual);
                return;
            }
            _byVer[caps.Ver] = info;
            foreach (var (entity, ver) in _verByEntity)
            {
                if (ver == caps.Ver)
                    Raise(entity, info);
            }
        }
        catch (Exception ex) when (ex is XmppException)
        {
            _logger.LogDebug("Could not discover the capabilities of {Entity}: {Reason}", from, ex.Message);
        }
        finally
        {
            _pending.TryRemove(caps.Ver, out _);
        }
    }

    private void Raise(Jid entity, DiscoInfo info)
    {
        try
        {
            CapabilitiesDiscovered?.Invoke(this, new CapabilitiesDiscoveredEventArgs(entity, info));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A CapabilitiesDiscovered handler threw");
        }
    }
}
