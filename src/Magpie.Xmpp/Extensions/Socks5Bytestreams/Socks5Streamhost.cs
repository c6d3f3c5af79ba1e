namespace Magpie.Xmpp.Extensions.Socks5Bytestreams;

/// <summary>XEP-0065 §4: a SOCKS5 proxy (streamhost) as its service announces it.</summary>
/// <param name="Jid">The proxy's JID, to which activation requests go.</param>
/// <param name="Host">Its network address.</param>
/// <param name="Port">Its TCP port.</param>
public sealed record Socks5Streamhost(Jid Jid, string Host, int Port)
{
    /// <summary>The XEP-0065 namespace, <c>http://jabber.org/protocol/bytestreams</c>.</summary>
    public const string Namespace = "http://jabber.org/protocol/bytestreams";
}
