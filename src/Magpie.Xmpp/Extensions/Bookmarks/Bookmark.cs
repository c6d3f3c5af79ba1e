namespace Magpie.Xmpp.Extensions.Bookmarks;

/// <summary>XEP-0402 / XEP-0048: a bookmarked room.</summary>
/// <param name="Room">The room's bare JID.</param>
/// <param name="Name">A display name, or null (untrusted when read back: another client may have written it).</param>
/// <param name="Autojoin">Join the room at login.</param>
/// <param name="Nick">The nickname to use, or null for the default.</param>
/// <param name="Password">The room password, or null; masked in <see cref="ToString"/>.</param>
public sealed record Bookmark(Jid Room, string? Name = null, bool Autojoin = false, string? Nick = null, string? Password = null)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => Diagnostics.RedactedMembers.Print(this, builder);
}
