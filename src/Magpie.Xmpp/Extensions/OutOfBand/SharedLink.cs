namespace Magpie.Xmpp.Extensions.OutOfBand;

/// <summary>XEP-0066: a link someone shared: an out-of-band <c>&lt;x xmlns='jabber:x:oob'/&gt;</c> or a body
/// that is nothing but a URL. Everything here came from the sender: untrusted, never fetched by itself.</summary>
/// <param name="Url">The absolute URL.</param>
/// <param name="From">Who sent it, or null when the stanza had no sender (our own server).</param>
/// <param name="IsOutOfBand">True for a <c>jabber:x:oob</c> element, false for a bare URL body.</param>
/// <param name="Description">The OOB <c>&lt;desc/&gt;</c>, or null.</param>
/// <param name="Size">The size in bytes when the message said (XEP-0446 file metadata), or null.</param>
public sealed record SharedLink(Uri Url, Jid? From, bool IsOutOfBand, string? Description = null, long? Size = null);
