namespace Magpie.Xmpp.Xml;

/// <summary>Limits the stream reader enforces while it parses, so that a hostile peer cannot make us
/// allocate without bound. Breaking one ends the stream with <c>policy-violation</c>.</summary>
public sealed record XmlLimits
{
    /// <summary>Largest top-level element (stanza or nonza), in bytes as received. Default 1 MiB. Enforced as
    /// bytes arrive, with up to 8 KiB of tolerance for the parser's read-ahead.</summary>
    public int MaxStanzaBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest nesting below the stream root. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most attributes (namespace declarations included) on one element. Default 64.</summary>
    public int MaxAttributes { get; init; } = 64;

    /// <summary>The defaults.</summary>
    public static XmlLimits Default { get; } = new();
}
