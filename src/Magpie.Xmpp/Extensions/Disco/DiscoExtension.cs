using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Disco;

/// <summary>XEP-0030 Service Discovery (with XEP-0128 extended information): asks other entities what
/// they are and support, and answers such questions about this client with its identity and the
/// features every extension registered on <see cref="Routing.StanzaRouter.Features"/>.</summary>
public sealed class DiscoExtension : IXmppExtension
{
    /// <summary>The disco#items namespace.</summary>
    public const string ItemsNamespace = "http://jabber.org/protocol/disco#items";

    private static readonly XNamespace InfoNs = DiscoInfo.Namespace;
    private static readonly XNamespace ItemsNs = ItemsNamespace;
    private XmppClient? _client;

    /// <summary>Creates the extension; <paramref name="identity"/> defaults to client/console "Magpie".</summary>
    public DiscoExtension(DiscoIdentity? identity = null)
    {
        Identity = identity ?? new DiscoIdentity("client", "console", "Magpie");
    }

    /// <summary>The identity we answer with.</summary>
    public DiscoIdentity Identity { get; }

    private readonly List<Func<string, DiscoInfo?>> _nodeProviders = [];

    /// <inheritdoc />
    public void Attach(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        client.Router.AddFeature(DiscoInfo.Namespace);
        client.Router.AddIqHandler(InfoNs + "query", IqType.Get, (iq, _) => Task.FromResult<XElement?>(AnswerInfo(client, iq)));
        client.Router.AddIqHandler(ItemsNs + "query", IqType.Get, (iq, _) => Task.FromResult<XElement?>(AnswerItems(iq)));
    }

    /// <summary>Asks <paramref name="jid"/> (or one of its nodes) for its identities and features.</summary>
    /// <exception cref="StanzaErrorException">The entity refused or did not answer.</exception>
    /// <exception cref="XmppPayloadException">The answer carried no disco#info payload.</exception>
    public async Task<DiscoInfo> GetInfoAsync(Jid jid, string? node = null, CancellationToken cancellationToken = default)
    {
        var result = await QueryAsync(jid, InfoNs + "query", node, cancellationToken).ConfigureAwait(false);
        return DiscoInfo.Parse(result);
    }

    /// <summary>Asks <paramref name="jid"/> (or one of its nodes) for its items. Items with an invalid JID are skipped.</summary>
    /// <exception cref="StanzaErrorException">The entity refused or did not answer.</exception>
    /// <exception cref="XmppPayloadException">The answer carried no disco#items payload.</exception>
    public async Task<IReadOnlyList<DiscoItem>> GetItemsAsync(Jid jid, string? node = null, CancellationToken cancellationToken = default)
    {
        var result = await QueryAsync(jid, ItemsNs + "query", node, cancellationToken).ConfigureAwait(false);
        var items = new List<DiscoItem>();
        foreach (var item in result.Elements(ItemsNs + "item"))
        {
            if (Jid.TryParse((string?)item.Attribute("jid"), out var itemJid))
                items.Add(new DiscoItem(itemJid, (string?)item.Attribute("node"), (string?)item.Attribute("name")));
        }
        return items;
    }

    /// <summary>What we say about ourselves: our identity and the router's features, disco#info included.</summary>
    public DiscoInfo GetOwnInfo(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var info = new DiscoInfo();
        info.Identities.Add(Identity);
        foreach (var feature in client.Router.Features.Append(DiscoInfo.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            info.Features.Add(feature);
        return info;
    }

    private async Task<XElement> QueryAsync(Jid jid, XName name, string? node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jid);
        var client = _client ?? throw new InvalidOperationException("The extension is not attached: call client.Use(...) first.");
        var query = new XElement(name);
        if (node is not null)
            query.SetAttributeValue("node", node);
        var result = await client.SendIqAsync(new Iq(IqType.Get, query, jid), cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.GetChild(name) ?? throw new XmppPayloadException($"{jid} answered disco without a <query/> in '{name.NamespaceName}'.");
    }

    /// <summary>Lets another extension answer disco#info for a node of ours (entity capabilities answers
    /// <c>node#ver</c>). The provider returns null for nodes it does not own.</summary>
    public IDisposable AddNodeInfoProvider(Func<string, DiscoInfo?> provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (_nodeProviders)
            _nodeProviders.Add(provider);
        return new NodeProviderRegistration(this, provider);
    }

    private XElement AnswerInfo(XmppClient client, Iq request)
    {
        if ((string?)request.Payload?.Attribute("node") is not { } node)
            return GetOwnInfo(client).ToElement();
        Func<string, DiscoInfo?>[] providers;
        lock (_nodeProviders)
            providers = [.. _nodeProviders];
        foreach (var provider in providers)
        {
            if (provider(node) is { } info)
            {
                info.Node = node;
                return info.ToElement();
            }
        }
        throw new StanzaErrorException(new StanzaError(StanzaErrorType.Cancel, "item-not-found"));
    }

    private sealed class NodeProviderRegistration(DiscoExtension owner, Func<string, DiscoInfo?> provider) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._nodeProviders)
                owner._nodeProviders.Remove(provider);
        }
    }

    private static XElement AnswerItems(Iq request)
    {
        if (request.Payload?.Attribute("node") is not null)
            throw new StanzaErrorException(new StanzaError(StanzaErrorType.Cancel, "item-not-found"));
        return new XElement(ItemsNs + "query");
    }
}
