using System.Xml.Linq;
using Magpie.Xmpp.Payloads;

namespace Magpie.Xmpp.Extensions.Receipts;

/// <summary>XEP-0184 §4: <c>&lt;received id='…'/&gt;</c>, the acknowledgement of the message with id <see cref="Id"/>.</summary>
public sealed record Receipt(string Id) : IPayload<Receipt>
{
    /// <summary>The XEP-0184 namespace, <c>urn:xmpp:receipts</c>.</summary>
    public const string Namespace = "urn:xmpp:receipts";

    /// <inheritdoc />
    public static XName ElementName { get; } = XName.Get("received", Namespace);

    /// <inheritdoc />
    public static Receipt? Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var id = (string?)element.Attribute("id");
        return string.IsNullOrEmpty(id) ? null : new Receipt(id);
    }

    /// <inheritdoc />
    public XElement ToElement() => new(ElementName, new XAttribute("id", Id));
}
