namespace Magpie.Xmpp;

/// <summary>The connection could not be made or was lost: DNS, TCP, TLS or a timeout.</summary>
public class XmppConnectionException : XmppProtocolException
{
    /// <summary>Creates the exception.</summary>
    public XmppConnectionException(string message, Exception? innerException = null)
        : base(message, null, innerException) { }
}
