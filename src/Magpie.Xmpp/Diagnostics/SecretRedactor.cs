using System.Xml.Linq;

namespace Magpie.Xmpp.Diagnostics;

/// <summary>Decides which outgoing elements carry secrets and makes copies fit for logs.</summary>
/// <remarks>
/// Secrets are account passwords (SASL, XEP-0077, XEP-0078) and room passwords (XEP-0045 join and
/// mediated invitations, XEP-0249 direct invitations, XEP-0048/XEP-0402 bookmarks, the room
/// configuration's secret), plus any data-form field whose name says password or secret.
/// </remarks>
public static class SecretRedactor
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Placeholder = "[redacted]";

    private static readonly XName FormField = XName.Get("field", "jabber:x:data");
    private static readonly XName FormValue = XName.Get("value", "jabber:x:data");
    private static readonly XName DirectInvitation = XName.Get("x", "jabber:x:conference");

    private static readonly HashSet<XName> SecretElements =
    [
        XName.Get("auth", Namespaces.Sasl),
        XName.Get("response", Namespaces.Sasl),
        XName.Get("password", "jabber:iq:register"),
        XName.Get("password", "jabber:iq:auth"),
        XName.Get("password", "http://jabber.org/protocol/muc"),
        XName.Get("password", "http://jabber.org/protocol/muc#user"),
        XName.Get("password", "storage:bookmarks"),
        XName.Get("password", "urn:xmpp:bookmarks:1"),
    ];

    /// <summary>Returns the element itself when it holds no secret, otherwise a copy with secrets replaced.</summary>
    public static XElement Redact(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (!HoldsSecret(element))
            return element;
        var copy = new XElement(element);
        foreach (var e in copy.DescendantsAndSelf().Where(IsSecret).ToList())
        {
            if (e.Name == DirectInvitation)
                e.SetAttributeValue("password", Placeholder);
            else if (e.Name == FormField)
            {
                foreach (var value in e.Elements(FormValue))
                    value.Value = Placeholder;
            }
            else if (!e.IsEmpty)
                e.Value = Placeholder;
        }
        return copy;
    }

    private static bool HoldsSecret(XElement element) => element.DescendantsAndSelf().Any(IsSecret);

    private static bool IsSecret(XElement e) =>
        SecretElements.Contains(e.Name)
        || (e.Name == DirectInvitation && e.Attribute("password") is not null)
        || (e.Name == FormField && IsSecretFieldName((string?)e.Attribute("var")));

    // XEP-0077 forms name it "password" (or "new-password"); XEP-0045's room configuration "muc#roomconfig_roomsecret".
    private static bool IsSecretFieldName(string? name) =>
        name is not null
        && (name.Contains("password", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase));
}
