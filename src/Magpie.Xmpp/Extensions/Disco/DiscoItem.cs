namespace Magpie.Xmpp.Extensions.Disco;

/// <summary>XEP-0030: one item of a disco#items answer.</summary>
/// <param name="Jid">The item's address.</param>
/// <param name="Node">The node at that address, or null.</param>
/// <param name="Name">A display name, or null (untrusted).</param>
public sealed record DiscoItem(Jid Jid, string? Node = null, string? Name = null);
