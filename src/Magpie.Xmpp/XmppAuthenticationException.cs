namespace Magpie.Xmpp;

/// <summary>Authentication failed: wrong credentials, no acceptable mechanism, or a server that could not
/// prove it knows the password (SCRAM server signature).</summary>
public sealed class XmppAuthenticationException : XmppProtocolException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why, for people.</param>
    /// <param name="condition">The SASL failure condition (RFC 6120 §6.5), e.g. <c>not-authorized</c>, if the server sent one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public XmppAuthenticationException(string message, string? condition = null, Exception? innerException = null)
        : base(message, condition, innerException) { }
}
