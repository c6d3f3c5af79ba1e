namespace Magpie.Xmpp.Extensions.DataForms;

/// <summary>XEP-0004: a data form that cannot be understood (unknown form type, field without a name where
/// one is required). The session goes on; only the payload is refused.</summary>
public sealed class DataFormException : XmppPayloadException
{
    /// <summary>Creates the exception.</summary>
    public DataFormException(string message) : base(message) { }
}
