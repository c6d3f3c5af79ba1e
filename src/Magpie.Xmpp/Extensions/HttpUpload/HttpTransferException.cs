namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>XEP-0363 / XEP-0066: an HTTP upload or download failed (refused URL, untrusted certificate, HTTP
/// error status, stall, size cap). Non-fatal: the XMPP session is not affected.</summary>
public class HttpTransferException : XmppException
{
    /// <summary>Creates the exception.</summary>
    public HttpTransferException(string message, Exception? innerException = null) : base(message, innerException) { }

    /// <summary>The HTTP status the server answered with, or null when the failure was not an HTTP status.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Whether the transfer stopped because nothing moved for <see cref="HttpTransferPolicy.IdleTimeout"/>.</summary>
    public bool IsTimeout { get; init; }
}
