using System.Xml.Linq;

namespace Magpie.Xmpp.Payloads;

/// <summary>
/// A typed stanza payload: one XML element of one protocol, read with <see cref="Stanzas.Stanza.Get{T}"/>
/// (<c>message.Get&lt;Delay&gt;()</c>) and registered per client in <see cref="PayloadRegistry"/>. The element
/// name and parser are static members, so no reflection and no global table is involved.
/// </summary>
/// <typeparam name="TSelf">The payload type itself.</typeparam>
public interface IPayload<TSelf> where TSelf : class, IPayload<TSelf>
{
    /// <summary>The qualified name of the payload's element.</summary>
    static abstract XName ElementName { get; }

    /// <summary>Reads the payload from its element (whose name is <see cref="ElementName"/>); null when it is
    /// malformed. Never throws on peer input.</summary>
    static abstract TSelf? Parse(XElement element);

    /// <summary>The payload as an element, to add to an outgoing stanza.</summary>
    XElement ToElement();
}
