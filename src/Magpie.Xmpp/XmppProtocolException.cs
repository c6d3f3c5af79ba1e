namespace Magpie.Xmpp;

/// <summary>A fatal error: the XML stream is closed and the session is over.</summary>
/// <remarks><see cref="Condition"/> holds the RFC 6120 stream error condition when there is one
/// (sent by the server, or sent by us before closing), for example <c>not-well-formed</c>.</remarks>
public class XmppProtocolException : XmppException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, for people.</param>
    /// <param name="condition">The stream error condition, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public XmppProtocolException(string message, string? condition = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Condition = condition;
    }

    /// <summary>The stream error condition (RFC 6120 §4.9.3), or <see langword="null"/>.</summary>
    public string? Condition { get; }
}
