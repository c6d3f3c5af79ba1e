namespace Magpie.Xmpp;

/// <summary>TLS could not be established or the server's certificate was not trusted.</summary>
public sealed class XmppTlsException : XmppConnectionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why, for people, including how to trust the certificate if that is the problem.</param>
    /// <param name="spkiSha256">The SHA-256 of the server certificate's SubjectPublicKeyInfo, if one was seen.</param>
    /// <param name="innerException">The cause, if any.</param>
    public XmppTlsException(string message, byte[]? spkiSha256 = null, Exception? innerException = null)
        : base(message, innerException)
    {
        SpkiSha256 = spkiSha256;
    }

    /// <summary>The SHA-256 of the server certificate's SubjectPublicKeyInfo (what a pin takes), if one was seen.</summary>
    public byte[]? SpkiSha256 { get; }
}
