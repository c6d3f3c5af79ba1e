namespace Magpie.Xmpp.Stanzas;

/// <summary>The <c>type</c> of a message (RFC 6121 §5.2.2).</summary>
public enum MessageType
{
    /// <summary>A standalone message (also what an absent or unknown type means).</summary>
    Normal,
    /// <summary>One-to-one chat.</summary>
    Chat,
    /// <summary>Multi-user chat.</summary>
    Groupchat,
    /// <summary>An alert or notice that expects no reply.</summary>
    Headline,
    /// <summary>An error about a message we sent.</summary>
    Error,
}
