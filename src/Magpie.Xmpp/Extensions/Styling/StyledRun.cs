namespace Magpie.Xmpp.Extensions.Styling;

/// <summary>XEP-0393 / XEP-0071: a piece of text with one set of styles.</summary>
/// <param name="Text">The characters, shown as they are (never markup).</param>
/// <param name="Styles">How to present them.</param>
public sealed record StyledRun(string Text, TextStyles Styles);
