namespace Magpie.Xmpp.Extensions.Bookmarks;

/// <summary>XEP-0402 / XEP-0048: an autojoin bookmark could not be joined at login.</summary>
public sealed class BookmarkAutojoinFailedEventArgs(Bookmark bookmark, Exception error) : EventArgs
{
    /// <summary>The bookmark.</summary>
    public Bookmark Bookmark { get; } = bookmark;

    /// <summary>Why (usually a <see cref="Muc.MucJoinException"/>).</summary>
    public Exception Error { get; } = error;
}
