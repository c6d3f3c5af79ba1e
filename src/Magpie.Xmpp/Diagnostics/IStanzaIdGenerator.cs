namespace Magpie.Xmpp.Diagnostics;

/// <summary>Makes stanza ids. Injected so that tests get deterministic ids.</summary>
public interface IStanzaIdGenerator
{
    /// <summary>Returns a new id, unique within the session.</summary>
    string NextId();
}
