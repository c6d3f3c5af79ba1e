namespace Magpie.Xmpp.Im;

/// <summary>XML namespaces of instant messaging and presence (RFC 6121).</summary>
public static class ImNamespaces
{
    /// <summary>The roster query, <c>jabber:iq:roster</c>.</summary>
    public const string Roster = "jabber:iq:roster";
    /// <summary>The stream feature announcing roster versioning (RFC 6121 §2.6).</summary>
    public const string RosterVersioning = "urn:xmpp:features:rosterver";
    /// <summary>The stream feature announcing subscription pre-approval (RFC 6121 §3.4).</summary>
    public const string PreApproval = "urn:xmpp:features:pre-approval";
}
