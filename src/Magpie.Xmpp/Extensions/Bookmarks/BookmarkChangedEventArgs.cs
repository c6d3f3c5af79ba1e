namespace Magpie.Xmpp.Extensions.Bookmarks;

/// <summary>XEP-0402 §3.4: another client of ours added, changed or removed a bookmark (PEP notification).</summary>
public sealed class BookmarkChangedEventArgs(Jid room, Bookmark? bookmark) : EventArgs
{
    /// <summary>The room.</summary>
    public Jid Room { get; } = room;

    /// <summary>The bookmark as it is now, or null when it was removed.</summary>
    public Bookmark? Bookmark { get; } = bookmark;
}
