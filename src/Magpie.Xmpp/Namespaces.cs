namespace Magpie.Xmpp;

/// <summary>XML namespaces of the XMPP core (RFC 6120, RFC 6121).</summary>
public static class Namespaces
{
    /// <summary>The stream namespace, <c>http://etherx.jabber.org/streams</c>.</summary>
    public const string Streams = "http://etherx.jabber.org/streams";
    /// <summary>The client-to-server content namespace.</summary>
    public const string Client = "jabber:client";
    /// <summary>Stream error conditions.</summary>
    public const string StreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";
    /// <summary>STARTTLS negotiation.</summary>
    public const string Tls = "urn:ietf:params:xml:ns:xmpp-tls";
    /// <summary>SASL negotiation.</summary>
    public const string Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";
    /// <summary>Resource binding.</summary>
    public const string Bind = "urn:ietf:params:xml:ns:xmpp-bind";
    /// <summary>Legacy session establishment (RFC 3921), optional on modern servers.</summary>
    public const string Session = "urn:ietf:params:xml:ns:xmpp-session";
    /// <summary>Stanza error conditions.</summary>
    public const string Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
}
