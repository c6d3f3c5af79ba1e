namespace Magpie.Xmpp.Extensions.Carbons;

/// <summary>XEP-0280: which way the copied message went.</summary>
public enum CarbonDirection
{
    /// <summary>A message another of our resources received (<c>&lt;received/&gt;</c>).</summary>
    Received,
    /// <summary>A message another of our resources sent (<c>&lt;sent/&gt;</c>).</summary>
    Sent,
}
