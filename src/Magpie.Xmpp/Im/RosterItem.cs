using System.Xml.Linq;

namespace Magpie.Xmpp.Im;

/// <summary>One contact in the roster (RFC 6121 §2.1.2). Immutable; a push replaces it.</summary>
public sealed record RosterItem
{
    private static readonly XName ItemName = XName.Get("item", ImNamespaces.Roster);
    private static readonly XName GroupName = XName.Get("group", ImNamespaces.Roster);

    /// <summary>Creates an item.</summary>
    /// <param name="jid">The contact; stored as its bare JID.</param>
    /// <param name="name">The user's handle for the contact, or null.</param>
    /// <param name="groups">Groups it belongs to; duplicates are dropped.</param>
    /// <param name="subscription">The subscription state.</param>
    /// <param name="ask">Whether our subscription request is pending.</param>
    /// <param name="approved">Whether we pre-approved the contact's subscription.</param>
    public RosterItem(Jid jid, string? name = null, IEnumerable<string>? groups = null,
        RosterSubscription subscription = RosterSubscription.None, bool ask = false, bool approved = false)
    {
        ArgumentNullException.ThrowIfNull(jid);
        Jid = jid.Bare;
        Name = name;
        Groups = groups?.Distinct(StringComparer.Ordinal).ToArray() ?? [];
        Subscription = subscription;
        Ask = ask;
        Approved = approved;
    }

    /// <summary>The contact's bare JID: the item's key.</summary>
    public Jid Jid { get; init; }

    /// <summary>The user's handle for the contact, or null.</summary>
    public string? Name { get; init; }

    /// <summary>The groups the item belongs to (may be empty). Compared by reference in record equality.</summary>
    public IReadOnlyList<string> Groups { get; init; }

    /// <summary>The subscription state.</summary>
    public RosterSubscription Subscription { get; init; }

    /// <summary>Whether our subscription request to the contact is pending (<c>ask='subscribe'</c>).</summary>
    public bool Ask { get; init; }

    /// <summary>Whether we pre-approved the contact's subscription to us (<c>approved='true'</c>).</summary>
    public bool Approved { get; init; }

    /// <summary>Whether the contact receives our presence.</summary>
    public bool IsSubscribedFrom => Subscription is RosterSubscription.From or RosterSubscription.Both;

    /// <summary>Whether we receive the contact's presence.</summary>
    public bool IsSubscribedTo => Subscription is RosterSubscription.To or RosterSubscription.Both;

    /// <summary>Parses an <c>&lt;item/&gt;</c> from a roster result or push.</summary>
    /// <exception cref="FormatException">The item has no valid JID or an unknown subscription value.</exception>
    public static RosterItem Parse(XElement item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Name != ItemName)
            throw new FormatException($"Expected a roster <item/>, got {item.Name}.");
        if (!Jid.TryParse((string?)item.Attribute("jid"), out var jid))
            throw new FormatException("A roster item has no valid 'jid'.");
        var subscription = (string?)item.Attribute("subscription") switch
        {
            null or "none" => RosterSubscription.None,
            "to" => RosterSubscription.To,
            "from" => RosterSubscription.From,
            "both" => RosterSubscription.Both,
            "remove" => RosterSubscription.Remove,
            var other => throw new FormatException($"Unknown roster subscription '{other}'."),
        };
        var name = (string?)item.Attribute("name");
        var groups = item.Elements(GroupName).Select(g => g.Value).Where(g => g.Length > 0);
        return new RosterItem(jid, string.IsNullOrEmpty(name) ? null : name, groups, subscription,
            ask: (string?)item.Attribute("ask") == "subscribe",
            approved: (string?)item.Attribute("approved") is "true" or "1");
    }

    /// <summary>The <c>&lt;item/&gt;</c> a client sends to add or update this item: only the JID, name and
    /// groups, since subscription, ask and approved are the server's to set (RFC 6121 §2.1.2).</summary>
    public XElement ToRequestElement()
    {
        var element = new XElement(ItemName, new XAttribute("jid", Jid.ToString()));
        if (Subscription == RosterSubscription.Remove)
        {
            element.Add(new XAttribute("subscription", "remove"));
            return element;
        }
        if (Name is not null)
            element.Add(new XAttribute("name", Name));
        foreach (var group in Groups)
            element.Add(new XElement(GroupName, group));
        return element;
    }
}
