namespace Magpie.Xmpp;

/// <summary>A non-fatal error: an answer arrived but its payload is missing or cannot be understood. Only
/// that request failed; the session goes on (unlike <see cref="XmppProtocolException"/>).</summary>
public class XmppPayloadException : XmppException
{
    /// <summary>Creates the exception.</summary>
    public XmppPayloadException(string message) : base(message) { }
}
