using System.Xml.Linq;
using Magpie.Xmpp.Payloads;

namespace Magpie.Xmpp.Extensions.MessageCorrection;

/// <summary>XEP-0308 Last Message Correction: <c>&lt;replace id='…'/&gt;</c> makes a message the correction
/// of the earlier one whose <c>id</c> attribute was <see cref="Id"/> (§4). Put it on a message with
/// <c>message.Set(new Replace(id))</c>; read it with <c>message.Get&lt;Replace&gt;()</c>.</summary>
public sealed record Replace : IPayload<Replace>
{
    /// <summary>The XEP-0308 namespace, <c>urn:xmpp:message-correct:0</c>.</summary>
    public const string Namespace = "urn:xmpp:message-correct:0";

    /// <summary>A correction of the message with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    public Replace(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
    }

    /// <summary>The id of the message being replaced.</summary>
    public string Id { get; }

    /// <inheritdoc />
    public static XName ElementName { get; } = XName.Get("replace", Namespace);

    /// <inheritdoc />
    public static Replace? Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var id = (string?)element.Attribute("id");
        return string.IsNullOrEmpty(id) ? null : new Replace(id);
    }

    /// <inheritdoc />
    public XElement ToElement() => new(ElementName, new XAttribute("id", Id));
}
