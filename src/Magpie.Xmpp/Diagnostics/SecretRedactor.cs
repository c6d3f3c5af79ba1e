using System.Xml.Linq;

namespace Magpie.Xmpp.Diagnostics;

/// <summary>Decides which outgoing elements carry secrets and makes copies fit for logs.</summary>
public static class SecretRedactor
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Placeholder = "[redacted]";

    private static readonly HashSet<XName> SecretElements =
    [
        XName.Get("auth", Namespaces.Sasl),
        XName.Get("response", Namespaces.Sasl),
        XName.Get("password", "jabber:iq:register"),
        XName.Get("password", "jabber:iq:auth"),
    ];

    /// <summary>Returns the element itself when it holds no secret, otherwise a copy with secrets replaced.</summary>
    public static XElement Redact(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (!HoldsSecret(element))
            return element;
        var copy = new XElement(element);
        foreach (var e in copy.DescendantsAndSelf().Where(e => SecretElements.Contains(e.Name)).ToList())
        {
            if (!e.IsEmpty)
                e.Value = Placeholder;
        }
        // Passwords in data forms (XEP-0077 with XEP-0004): any field named password.
        foreach (var field in copy.Descendants(XName.Get("field", "jabber:x:data")).Where(f => ((string?)f.Attribute("var"))?.Contains("password", StringComparison.OrdinalIgnoreCase) == true))
        {
            foreach (var value in field.Elements(XName.Get("value", "jabber:x:data")))
                value.Value = Placeholder;
        }
        return copy;
    }

    private static bool HoldsSecret(XElement element) =>
        element.DescendantsAndSelf().Any(e => SecretElements.Contains(e.Name)
            || (e.Name == XName.Get("field", "jabber:x:data") && ((string?)e.Attribute("var"))?.Contains("password", StringComparison.OrdinalIgnoreCase) == true));
}
