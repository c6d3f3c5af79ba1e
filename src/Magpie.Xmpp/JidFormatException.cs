namespace Magpie.Xmpp;

/// <summary>
/// Thrown when a string or set of parts is not a valid XMPP address (RFC 7622).
/// The message names the offending part (localpart, domainpart or resourcepart) and the reason.
/// </summary>
public class JidFormatException : FormatException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public JidFormatException()
        : base("The value is not a valid JID.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">Describes which part of the JID is invalid and why.</param>
    public JidFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and inner exception.</summary>
    /// <param name="message">Describes which part of the JID is invalid and why.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public JidFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
