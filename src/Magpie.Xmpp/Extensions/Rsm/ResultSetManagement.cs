using System.Xml.Linq;

namespace Magpie.Xmpp.Extensions.Rsm;

/// <summary>XEP-0059 Result Set Management: the namespace and the <c>&lt;set/&gt;</c> element name shared by
/// <see cref="ResultSetRequest"/> and <see cref="ResultSetInfo"/>.</summary>
public static class ResultSetManagement
{
    /// <summary>The XEP-0059 namespace, <c>http://jabber.org/protocol/rsm</c>.</summary>
    public const string Namespace = "http://jabber.org/protocol/rsm";

    /// <summary>The <c>&lt;set/&gt;</c> element's name.</summary>
    public static XName SetName { get; } = XName.Get("set", Namespace);
}
