namespace Magpie.Xmpp.Extensions.Styling;

/// <summary>XEP-0393 / XEP-0071: the presentation flags of a run of received text.</summary>
[Flags]
public enum TextStyles
{
    /// <summary>Plain text.</summary>
    None = 0,
    /// <summary>Strong emphasis (bold).</summary>
    Bold = 1,
    /// <summary>Emphasis (italic).</summary>
    Italic = 2,
    /// <summary>Underlined.</summary>
    Underline = 4,
    /// <summary>Struck through.</summary>
    Strike = 8,
    /// <summary>Monospace / preformatted.</summary>
    Code = 16,
    /// <summary>Inside a quotation.</summary>
    Quote = 32,
}
