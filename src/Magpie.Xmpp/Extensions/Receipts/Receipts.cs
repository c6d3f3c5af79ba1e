using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Receipts;

/// <summary>XEP-0184 Message Delivery Receipts: the request and receipt elements.</summary>
public static class Receipts
{
    /// <summary>The XEP-0184 namespace, <c>urn:xmpp:receipts</c>.</summary>
    public const string Namespace = "urn:xmpp:receipts";

    internal static readonly XName RequestName = XName.Get("request", Namespace);
    internal static readonly XName ReceivedName = XName.Get("received", Namespace);

    /// <summary>Adds a receipt request (once).</summary>
    public static void Request(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsRequested(message))
            message.Element.Add(new XElement(RequestName));
    }

    /// <summary>Whether the message asks for a receipt.</summary>
    public static bool IsRequested(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.HasChild(RequestName);
    }

    /// <summary>The id a receipt acknowledges, or null when the message is not a receipt.</summary>
    public static string? GetReceiptId(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = (string?)message.GetChild(ReceivedName)?.Attribute("id");
        return string.IsNullOrEmpty(id) ? null : id;
    }
}
