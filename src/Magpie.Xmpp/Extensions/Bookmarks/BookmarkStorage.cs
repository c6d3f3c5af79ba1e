namespace Magpie.Xmpp.Extensions.Bookmarks;

/// <summary>XEP-0402 / XEP-0048: where bookmarks are kept on the server.</summary>
public enum BookmarkStorage
{
    /// <summary>XEP-0402: one PEP item per room (node <c>urn:xmpp:bookmarks:1</c>).</summary>
    Pep,

    /// <summary>XEP-0048 in XEP-0049 private XML storage: one document with every room.</summary>
    PrivateXml,
}
