namespace Magpie.Xmpp.Stanzas;

/// <summary>The <c>type</c> of an IQ (RFC 6120 §8.2.3).</summary>
public enum IqType
{
    /// <summary>A request for information.</summary>
    Get,
    /// <summary>A request that changes something.</summary>
    Set,
    /// <summary>A successful answer.</summary>
    Result,
    /// <summary>A failed answer.</summary>
    Error,
}
