namespace Magpie.Xmpp;

/// <summary>An operation needed a live session but the client is not connected (or no longer is).</summary>
public sealed class XmppNotConnectedException : XmppException
{
    /// <summary>Creates the exception.</summary>
    public XmppNotConnectedException(string message = "The client is not connected.", Exception? innerException = null)
        : base(message, innerException) { }
}
