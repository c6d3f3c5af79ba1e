namespace Magpie.Xmpp.Sasl;

/// <summary>
/// Thrown when SASL authentication cannot proceed: the server sent malformed or hostile data,
/// reported an error, or failed to prove it knows the password.
/// </summary>
public class SaslException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public SaslException()
        : base("SASL authentication failed")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What went wrong.</param>
    public SaslException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public SaslException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
