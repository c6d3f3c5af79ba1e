namespace Magpie.Xmpp.Xml;

/// <summary>Thrown inside <see cref="BudgetStream"/> when one stanza uses more bytes than allowed.</summary>
internal sealed class StanzaBudgetExceededException : IOException
{
    public StanzaBudgetExceededException(int limit)
        : base($"A stanza is larger than the limit of {limit} bytes.") { }
}
