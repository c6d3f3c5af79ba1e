using System.Xml.Linq;
using Magpie.Xmpp.Payloads;

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

    /// <summary>The underlying XML element. For a received stanza (<see cref="IsReadOnly"/>) treat it as
    /// read-only too: every handler is given the same instance.</summary>
    public XElement Element { get; }

    /// <summary>Whether this stanza was received: handlers are given it read-only, so the typed setters and
    /// <see cref="AddChild"/> throw <see cref="InvalidOperationException"/>. To answer or forward it, build a new
    /// stanza (or wrap a copy: <c>new Message(new XElement(received.Element))</c>).</summary>
    public bool IsReadOnly => _payloads is not null;

    /// <summary>The payload registry of the client that received this stanza, or null for one built locally.</summary>
    private PayloadRegistry? _payloads;

    /// <summary>Marks a received stanza read-only and ties it to its client's payload registry.</summary>
    internal void MakeReadOnly(PayloadRegistry payloads) => _payloads = payloads;

    /// <summary>Throws when the stanza is read-only (received).</summary>
    protected void ThrowIfReadOnly()
    {
        if (_payloads is not null)
            throw new InvalidOperationException("A received stanza is read-only: build a new one (or wrap a copy of its element) to change it.");
    }

    /// <summary>The typed payload <typeparamref name="T"/> (its element, found by <c>T.ElementName</c>, parsed by
    /// <c>T.Parse</c>), or null when the stanza has none or it is malformed: e.g. <c>message.Get&lt;Delay&gt;()</c>.</summary>
    public T? Get<T>() where T : class, IPayload<T>
    {
        var element = Element.Element(T.ElementName);
        return element is null ? null : T.Parse(element);
    }

    /// <summary>Puts <paramref name="payload"/> on this (outgoing) stanza, replacing any element of the same name,
    /// and returns this stanza for chaining: e.g. <c>message.Set(new Replace(id))</c>.</summary>
    public Stanza Set<T>(T payload) where T : class, IPayload<T>
    {
        ArgumentNullException.ThrowIfNull(payload);
        ThrowIfReadOnly();
        Element.Elements(T.ElementName).Remove();
        Element.Add(payload.ToElement());
        return this;
    }

    /// <summary>Whether the stanza carries a <typeparamref name="T"/> payload element (well-formed or not).</summary>
    public bool Has<T>() where T : class, IPayload<T> => Element.Element(T.ElementName) is not null;

    /// <summary>Every payload of this received stanza that its client's <see cref="PayloadRegistry"/> knows, parsed
    /// (children it does not know, or that are malformed, are skipped); empty for a stanza built locally.</summary>
    public IEnumerable<object> Payloads
    {
        get
        {
            if (_payloads is not { } registry)
                yield break;
            foreach (var child in Element.Elements())
            {
                if (registry.TryParse(child, out var payload))
                    yield return payload;
            }
        }
    }

    /// <summary>The <c>to</c> address, or null. Setting it to an invalid JID is impossible by construction.</summary>
    public Jid? To
    {
        get => ParseJid(ToName);
        set
        {
            ThrowIfReadOnly();
            Element.SetAttributeValue(ToName, value?.ToString());
        }
    }

    /// <summary>The <c>from</c> address, or null when absent. Throws <see cref="JidFormatException"/> when the
    /// attribute is not a valid JID; the client drops such stanzas before they reach handlers.</summary>
    public Jid? From
    {
        get => ParseJid(FromName);
        set
        {
            ThrowIfReadOnly();
            Element.SetAttributeValue(FromName, value?.ToString());
        }
    }

    /// <summary>The <c>id</c> attribute, or null.</summary>
    public string? Id
    {
        get => (string?)Element.Attribute(IdName);
        set
        {
            ThrowIfReadOnly();
            Element.SetAttributeValue(IdName, value);
        }
    }

    /// <summary>The <c>type</c> attribute as sent, or null.</summary>
    public string? TypeAttribute
    {
        get => (string?)Element.Attribute(TypeName);
        set
        {
            ThrowIfReadOnly();
            Element.SetAttributeValue(TypeName, value);
        }
    }

    /// <summary>The <c>xml:lang</c> attribute, or null.</summary>
    public string? Language
    {
        get => (string?)Element.Attribute(XNamespace.Xml + "lang");
        set
        {
            ThrowIfReadOnly();
            Element.SetAttributeValue(XNamespace.Xml + "lang", value);
        }
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
        ThrowIfReadOnly();
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
