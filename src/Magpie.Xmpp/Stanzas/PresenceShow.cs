namespace Magpie.Xmpp.Stanzas;

/// <summary>The availability sub-state in <c>&lt;show/&gt;</c> (RFC 6121 §4.7.2.1).</summary>
public enum PresenceShow
{
    /// <summary>Plain online (no show element).</summary>
    Online,
    /// <summary>Free for chat.</summary>
    Chat,
    /// <summary>Away for a short time.</summary>
    Away,
    /// <summary>Away for a long time.</summary>
    Xa,
    /// <summary>Do not disturb.</summary>
    Dnd,
}
