namespace Magpie.Xmpp.Extensions.DataForms;

/// <summary>XEP-0004: one choice of a list field.</summary>
/// <param name="Value">What is submitted when chosen.</param>
/// <param name="Label">What is shown, or null to show the value.</param>
public sealed record FormOption(string Value, string? Label = null);
