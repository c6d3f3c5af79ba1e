namespace Magpie.Xmpp;

/// <summary>The base of every exception the library throws for XMPP-level failures.</summary>
/// <remarks>
/// Two families derive from it: <see cref="XmppProtocolException"/> and its subclasses are fatal (the stream
/// is gone; check <see cref="XmppClient.IsConnected"/>), while <see cref="StanzaErrorException"/> is not
/// (the server or a peer refused one request and the session goes on).
/// </remarks>
public class XmppException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public XmppException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public XmppException(string message, Exception? innerException) : base(message, innerException) { }
}
