using System.Xml.Linq;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Carbons;

/// <summary>XEP-0280 Message Carbons: names and the <c>&lt;private/&gt;</c> opt-out.</summary>
public static class Carbons
{
    /// <summary>The XEP-0280 namespace, <c>urn:xmpp:carbons:2</c>.</summary>
    public const string Namespace = "urn:xmpp:carbons:2";

    /// <summary>The XEP-0334 hints namespace, <c>urn:xmpp:hints</c>.</summary>
    public const string HintsNamespace = "urn:xmpp:hints";

    /// <summary>The XEP-0297 forwarding namespace, <c>urn:xmpp:forward:0</c>.</summary>
    public const string ForwardNamespace = "urn:xmpp:forward:0";

    internal static readonly XName PrivateName = XName.Get("private", Namespace);
    internal static readonly XName NoCopyName = XName.Get("no-copy", HintsNamespace);

    /// <summary>Keeps the message from being copied to our other resources: adds <c>&lt;private/&gt;</c>
    /// and, as §6 requires, the <c>&lt;no-copy/&gt;</c> hint.</summary>
    public static void MarkPrivate(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.HasChild(PrivateName))
            message.Element.Add(new XElement(PrivateName));
        AddNoCopyIfPrivate(message);
    }

    /// <summary>Whether the message is marked private.</summary>
    public static bool IsPrivate(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.HasChild(PrivateName);
    }

    internal static void AddNoCopyIfPrivate(Message message)
    {
        if (message.HasChild(PrivateName) && !message.HasChild(NoCopyName))
            message.Element.Add(new XElement(NoCopyName));
    }
}
