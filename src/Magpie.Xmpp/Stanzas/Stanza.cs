using System.Xml.Linq;

namespace Magpie.Xmpp.Stanzas;

/// <summary>
/// A typed view over a stanza element. The element stays the source of truth, so payloads this library
/// does not know survive a round trip untouched.
/// </summary>
public abstract class Stanza
{
    private static readonly XName ToName = XName.Get("to");
    private static readonly XName FromName = XName.Get("from");
    private static readonly XName IdName = XName.Get("id");
    private static readonly XName TypeName = XName.Get("type");

    /// <summary>Wraps an element (its name is checked by the subclass).</summary>
    protected Stanza(XElement element)
    {
        Element = element;
    }

    /// <summary>The underlying XML element.</summary>
    public XElement Element { get; }

    /// <summary>The <c>to</c> address, or null. Setting it to an invalid JID is impossible by construction.</summary>
    public Jid? To
    {
        get => ParseJid(ToName);
        set => Element.SetAttributeValue(ToName, value?.ToString());
    }

    /// <summary>The <c>from</c> address, or null when absent. Throws <see cref="JidFormatException"/> when the
    /// attribute is not a valid JID; the client drops such stanzas before they reach handlers.</summary>
    public Jid? From
    {
        get => ParseJid(FromName);
        set => Element.SetAttributeValue(FromName, value?.ToString());
    }

    /// <summary>The <c>id</c> attribute, or null.</summary>
    public string? Id
    {
        get => (string?)Element.Attribute(IdName);
        set => Element.SetAttributeValue(IdName, value);
    }

    /// <summary>The <c>type</c> attribute as sent, or null.</summary>
    public string? TypeAttribute
    {
        get => (string?)Element.Attribute(TypeName);
        set => Element.SetAttributeValue(TypeName, value);
    }

    /// <summary>The <c>xml:lang</c> attribute, or null.</summary>
    public string? Language
    {
        get => (string?)Element.Attribute(XNamespace.Xml + "lang");
        set => Element.SetAttributeValue(XNamespace.Xml + "lang", value);
    }

    /// <summary>Whether this is an error stanza (<c>type='error'</c>).</summary>
    public bool IsError => TypeAttribute == "error";

    /// <summary>The stanza's <c>&lt;error/&gt;</c>, parsed, or null.</summary>
    public StanzaError? Error
    {
        get
        {
            var e = Element.Element(XName.Get("error", Element.Name.NamespaceName));
            return e is null ? null : StanzaError.Parse(e);
        }
    }

    /// <summary>The first child with the given qualified name, or null.</summary>
    public XElement? GetChild(XName name) => Element.Element(name);

    /// <summary>Whether a child with the given qualified name is present.</summary>
    public bool HasChild(XName name) => Element.Element(name) is not null;

    /// <summary>Adds a payload element and returns this stanza for chaining.</summary>
    public Stanza AddChild(XElement child)
    {
        Element.Add(child);
        return this;
    }

    /// <summary>Wraps an element received from the stream in the matching typed view, or returns null for a
    /// name that is not a stanza (a nonza such as an SM ack).</summary>
    public static Stanza? FromElement(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Name.NamespaceName != Namespaces.Client)
            return null;
        return element.Name.LocalName switch
        {
            "message" => new Message(element),
            "presence" => new Presence(element),
            "iq" => new Iq(element),
            _ => null,
        };
    }

    /// <inheritdoc />
    public override string ToString() => Element.ToString(SaveOptions.DisableFormatting);

    private Jid? ParseJid(XName attribute)
    {
        var value = (string?)Element.Attribute(attribute);
        return value is null ? null : Jid.ParseCached(value);
    }

    /// <summary>Creates an element in the <c>jabber:client</c> namespace.</summary>
    protected static XElement NewElement(string localName) => new(XName.Get(localName, Namespaces.Client));
}
