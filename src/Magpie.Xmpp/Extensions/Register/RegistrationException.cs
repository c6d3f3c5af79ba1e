using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Register;

/// <summary>XEP-0077: registering, changing the password or cancelling failed, with a readable reason.</summary>
public sealed class RegistrationException : XmppException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why, for people.</param>
    /// <param name="error">The server's stanza error, when it sent one.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RegistrationException(string message, StanzaError? error = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>The server's error, or null when the failure was found locally (no registration offered, fields missing).</summary>
    public StanzaError? Error { get; }

    /// <summary>The error condition, e.g. <c>conflict</c> (name taken) or <c>not-allowed</c> (registration closed).</summary>
    public string? Condition => Error?.Condition;

    /// <summary>Whether the user name is already taken (<c>conflict</c>).</summary>
    public bool IsNameTaken => Condition == "conflict";

    /// <summary>Whether the server does not allow in-band registration at all, or not to us.</summary>
    public bool IsRegistrationClosed => Condition is "not-allowed" or "forbidden" or "service-unavailable" or "feature-not-implemented" or "registration-required";
}
