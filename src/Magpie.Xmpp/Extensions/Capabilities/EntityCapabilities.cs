namespace Magpie.Xmpp.Extensions.Capabilities;

/// <summary>XEP-0115: what an entity announced in its presence.</summary>
/// <param name="Node">The software's URI.</param>
/// <param name="Ver">The verification string.</param>
/// <param name="Hash">The hash function's name (<c>sha-1</c>).</param>
public sealed record EntityCapabilities(string Node, string Ver, string Hash);
