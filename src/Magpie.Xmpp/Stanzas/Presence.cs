using System.Globalization;
using System.Xml.Linq;

namespace Magpie.Xmpp.Stanzas;

/// <summary>A <c>&lt;presence/&gt;</c> stanza (RFC 6121 §4).</summary>
public sealed class Presence : Stanza
{
    internal static readonly XName ElementName = XName.Get("presence", Namespaces.Client);

    private static readonly XName ShowName = XName.Get("show", Namespaces.Client);
    private static readonly XName StatusName = XName.Get("status", Namespaces.Client);
    private static readonly XName PriorityName = XName.Get("priority", Namespaces.Client);

    /// <summary>Wraps a received element.</summary>
    public Presence(XElement element) : base(element)
    {
        if (element.Name != ElementName)
            throw new ArgumentException("Not a <presence/> in jabber:client.", nameof(element));
    }

    /// <summary>Creates an available presence with no payload.</summary>
    public Presence() : base(NewElement("presence")) { }

    /// <summary>Creates a presence of the given type, optionally directed.</summary>
    public Presence(PresenceType type, Jid? to = null) : this()
    {
        Type = type;
        To = to;
    }

    /// <summary>The presence type; unknown values read as <see cref="PresenceType.Error"/> so they are never taken as available.</summary>
    public PresenceType Type
    {
        get => TypeAttribute switch
        {
            null => PresenceType.Available,
            "unavailable" => PresenceType.Unavailable,
            "subscribe" => PresenceType.Subscribe,
            "subscribed" => PresenceType.Subscribed,
            "unsubscribe" => PresenceType.Unsubscribe,
            "unsubscribed" => PresenceType.Unsubscribed,
            "probe" => PresenceType.Probe,
            _ => PresenceType.Error,
        };
        set => TypeAttribute = value == PresenceType.Available ? null : value.ToString().ToLowerInvariant();
    }

    /// <summary>The show sub-state; absent or unknown reads as <see cref="PresenceShow.Online"/>.</summary>
    public PresenceShow Show
    {
        get => (string?)Element.Element(ShowName) switch
        {
            "chat" => PresenceShow.Chat,
            "away" => PresenceShow.Away,
            "xa" => PresenceShow.Xa,
            "dnd" => PresenceShow.Dnd,
            _ => PresenceShow.Online,
        };
        set
        {
            ThrowIfReadOnly();
            Element.Elements(ShowName).Remove();
            if (value != PresenceShow.Online)
                Element.AddFirst(new XElement(ShowName, value.ToString().ToLowerInvariant()));
        }
    }

    /// <summary>The status text, or null.</summary>
    public string? Status
    {
        get => (string?)Element.Element(StatusName);
        set
        {
            ThrowIfReadOnly();
            Element.Elements(StatusName).Remove();
            if (value is not null)
                Element.Add(new XElement(StatusName, value));
        }
    }

    /// <summary>The priority (-128..127); absent or invalid reads as 0.</summary>
    public sbyte Priority
    {
        get => sbyte.TryParse((string?)Element.Element(PriorityName), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) ? p : (sbyte)0;
        set
        {
            ThrowIfReadOnly();
            Element.Elements(PriorityName).Remove();
            Element.Add(new XElement(PriorityName, value.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
