namespace Magpie.Xmpp.Im;

/// <summary>One roster item changed through a roster push.</summary>
/// <param name="kind">Added, updated or removed.</param>
/// <param name="item">The item as it is now (for a removal: as the push carried it, subscription <see cref="RosterSubscription.Remove"/>).</param>
/// <param name="previous">The item before the change, or null when it is new.</param>
/// <param name="version">The roster version after the change, or null when the server does not version.</param>
public sealed class RosterChangedEventArgs(RosterChangeKind kind, RosterItem item, RosterItem? previous, string? version) : EventArgs
{
    /// <summary>Added, updated or removed.</summary>
    public RosterChangeKind Kind { get; } = kind;

    /// <summary>The item as it is now (for a removal: as the push carried it).</summary>
    public RosterItem Item { get; } = item;

    /// <summary>The item before the change, or null when it is new.</summary>
    public RosterItem? Previous { get; } = previous;

    /// <summary>The roster version after the change, or null.</summary>
    public string? Version { get; } = version;
}
