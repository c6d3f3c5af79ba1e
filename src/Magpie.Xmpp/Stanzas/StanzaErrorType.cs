namespace Magpie.Xmpp.Stanzas;

/// <summary>What the receiver of a stanza error may do next (RFC 6120 §8.3.2).</summary>
public enum StanzaErrorType
{
    /// <summary>Do not retry: the error cannot be remedied.</summary>
    Cancel,
    /// <summary>Retry after providing credentials.</summary>
    Auth,
    /// <summary>Retry after changing the data sent.</summary>
    Modify,
    /// <summary>Proceed; this was only a warning.</summary>
    Continue,
    /// <summary>Retry after waiting; the error is temporary.</summary>
    Wait,
}
