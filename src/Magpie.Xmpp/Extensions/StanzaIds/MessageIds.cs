using System.Xml.Linq;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.StanzaIds;

/// <summary>XEP-0359 Unique and Stable Stanza IDs: the sender's <c>&lt;origin-id/&gt;</c> and the
/// <c>&lt;stanza-id/&gt;</c> an archiving entity stamps on a message.</summary>
public static class MessageIds
{
    /// <summary>The XEP-0359 namespace, <c>urn:xmpp:sid:0</c>.</summary>
    public const string Namespace = "urn:xmpp:sid:0";

    private static readonly XName OriginIdName = XName.Get("origin-id", Namespace);
    private static readonly XName StanzaIdName = XName.Get("stanza-id", Namespace);

    /// <summary>Makes sure the message carries an origin-id and returns it. A message without one gets
    /// its stanza <c>id</c> (assigned from <paramref name="generator"/> when absent), so that the two
    /// agree and a server echo can be matched by either.</summary>
    public static string EnsureOriginId(Message message, IStanzaIdGenerator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (GetOriginId(message) is { } existing)
            return existing;
        message.Id ??= generator?.NextId() ?? Guid.NewGuid().ToString("N");
        message.Element.Add(new XElement(OriginIdName, new XAttribute("id", message.Id)));
        return message.Id;
    }

    /// <summary>The sender's origin-id, or null when absent or empty.</summary>
    public static string? GetOriginId(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = (string?)message.Element.Element(OriginIdName)?.Attribute("id");
        return string.IsNullOrEmpty(id) ? null : id;
    }

    /// <summary>The stanza-id stamped by <paramref name="trustedBy"/> (typically our own bare JID for our
    /// archive, or a room's JID), or null. Stanza-ids claimed by anyone else are ignored: a sender can put
    /// any stanza-id it likes into a message (XEP-0359 §7). When several name <paramref name="trustedBy"/>, the
    /// last one counts: the archiving entity adds its own after whatever the sender put in (a server that fails
    /// to strip a forged one, as Prosody 0.12 does, relays it ahead of its own).</summary>
    /// <remarks>This only reads the element: whether <paramref name="trustedBy"/> stamps stanza-ids at all (it
    /// advertises <see cref="Namespace"/>) is for the caller to know; <see cref="StanzaIdsExtension.GetTrustedStanzaId"/>
    /// checks both.</remarks>
    public static string? GetStanzaId(Message message, Jid trustedBy)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(trustedBy);
        string? last = null;
        foreach (var element in message.Element.Elements(StanzaIdName))
        {
            var by = (string?)element.Attribute("by");
            var id = (string?)element.Attribute("id");
            if (string.IsNullOrEmpty(id) || !Jid.TryParse(by, out var byJid))
                continue;
            if (byJid == trustedBy)
                last = id;
        }
        return last;
    }

    /// <summary>The entity whose stanza-id identifies <paramref name="message"/> for <paramref name="account"/>:
    /// the room (its bare JID) for a groupchat message, our own bare JID (our archive) for anything else.</summary>
    public static Jid ArchiveOf(Message message, Jid account)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(account);
        return message.Type == MessageType.Groupchat && message.From is { } room ? room.Bare : account.Bare;
    }
}
