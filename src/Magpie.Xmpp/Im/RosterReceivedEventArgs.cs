namespace Magpie.Xmpp.Im;

/// <summary>A roster fetch completed.</summary>
/// <param name="items">The whole roster after the fetch.</param>
/// <param name="version">Its version, or null when the server does not version.</param>
/// <param name="unchanged">True when the server answered "your cached version is current" (an empty
/// result); changes since then, if any, arrive as pushes.</param>
public sealed class RosterReceivedEventArgs(IReadOnlyCollection<RosterItem> items, string? version, bool unchanged) : EventArgs
{
    /// <summary>The whole roster after the fetch.</summary>
    public IReadOnlyCollection<RosterItem> Items { get; } = items;

    /// <summary>Its version, or null when the server does not version.</summary>
    public string? Version { get; } = version;

    /// <summary>True when the cached roster was confirmed current rather than replaced.</summary>
    public bool Unchanged { get; } = unchanged;
}
