namespace Magpie.Xmpp.Im;

/// <summary>What a roster push did to the cached roster.</summary>
public enum RosterChangeKind
{
    /// <summary>A new item.</summary>
    Added,
    /// <summary>An existing item changed (name, groups, subscription, ask or approval).</summary>
    Updated,
    /// <summary>The item was removed.</summary>
    Removed,
}
