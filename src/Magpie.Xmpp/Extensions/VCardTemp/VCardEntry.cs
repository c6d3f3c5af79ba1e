namespace Magpie.Xmpp.Extensions.VCardTemp;

/// <summary>XEP-0054: an e-mail address or telephone number with its type flags.</summary>
/// <param name="Value">The address (EMAIL/USERID) or number (TEL/NUMBER).</param>
/// <param name="Types">Flag element names as sent, e.g. <c>HOME</c>, <c>WORK</c>, <c>PREF</c>, <c>CELL</c>.</param>
public sealed record VCardEntry(string Value, IReadOnlyList<string> Types)
{
    /// <summary>Creates an entry without flags.</summary>
    public VCardEntry(string value) : this(value, []) { }
}
