namespace Magpie.Xmpp.Extensions.Blocking;

/// <summary>XEP-0191: the block list changed by a push from our server (possibly caused by another of
/// our own sessions).</summary>
public sealed class BlockListChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public BlockListChangedEventArgs(IReadOnlyList<Jid> blocked, IReadOnlyList<Jid> unblocked, bool unblockedAll, IReadOnlyCollection<Jid> blockList)
    {
        Blocked = blocked;
        Unblocked = unblocked;
        UnblockedAll = unblockedAll;
        BlockList = blockList;
    }

    /// <summary>The JIDs the push blocked.</summary>
    public IReadOnlyList<Jid> Blocked { get; }

    /// <summary>The JIDs the push unblocked (empty when <see cref="UnblockedAll"/>).</summary>
    public IReadOnlyList<Jid> Unblocked { get; }

    /// <summary>Whether the push unblocked everyone.</summary>
    public bool UnblockedAll { get; }

    /// <summary>The block list after the change.</summary>
    public IReadOnlyCollection<Jid> BlockList { get; }
}
