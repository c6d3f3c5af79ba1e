using System.Xml.Linq;
using Magpie.Xmpp.Payloads;

namespace Magpie.Xmpp.Extensions.StanzaIds;

/// <summary>XEP-0359 §3.2: <c>&lt;origin-id id='…'/&gt;</c>, the sender's own id for a message, kept by every
/// hop (archives, carbons). <see cref="MessageIds.EnsureOriginId"/> adds one from the message's id.</summary>
public sealed record OriginId : IPayload<OriginId>
{
    /// <summary>An origin-id of <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    public OriginId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <inheritdoc />
    public static XName ElementName { get; } = XName.Get("origin-id", MessageIds.Namespace);

    /// <inheritdoc />
    public static OriginId? Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var id = (string?)element.Attribute("id");
        return string.IsNullOrEmpty(id) ? null : new OriginId(id);
    }

    /// <inheritdoc />
    public XElement ToElement() => new(ElementName, new XAttribute("id", Id));
}
