using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.Mam;

/// <summary>XEP-0313 Message Archive Management: namespaces and element names.</summary>
public static class MessageArchive
{
    /// <summary>The XEP-0313 namespace, <c>urn:xmpp:mam:2</c>.</summary>
    public const string Namespace = "urn:xmpp:mam:2";

    /// <summary>The feature an archive advertises when it supports the extended fields (after-id, before-id, ids).</summary>
    public const string ExtendedFeature = "urn:xmpp:mam:2#extended";

    /// <summary>The XEP-0297 forwarding namespace, <c>urn:xmpp:forward:0</c>, that wraps each result.</summary>
    public const string ForwardNamespace = "urn:xmpp:forward:0";

    internal static readonly XName QueryName = XName.Get("query", Namespace);
    internal static readonly XName ResultName = XName.Get("result", Namespace);
    internal static readonly XName FinName = XName.Get("fin", Namespace);
    internal static readonly XName ForwardedName = XName.Get("forwarded", ForwardNamespace);
    internal static readonly XName InnerMessageName = XName.Get("message", Namespaces.Client);
}
