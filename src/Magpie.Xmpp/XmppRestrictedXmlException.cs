namespace Magpie.Xmpp;

/// <summary>The peer sent XML that XMPP forbids or that breaks a configured limit; we closed the stream
/// with the stream error named in <see cref="XmppProtocolException.Condition"/>.</summary>
public sealed class XmppRestrictedXmlException : XmppProtocolException
{
    /// <summary>Creates the exception.</summary>
    public XmppRestrictedXmlException(string message, string condition, Exception? innerException = null)
        : base(message, condition, innerException) { }
}
