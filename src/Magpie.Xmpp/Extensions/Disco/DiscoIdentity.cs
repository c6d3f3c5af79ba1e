namespace Magpie.Xmpp.Extensions.Disco;

/// <summary>XEP-0030: an identity of an entity, e.g. category <c>server</c>, type <c>im</c>.</summary>
/// <param name="Category">The category, e.g. <c>client</c>, <c>server</c>, <c>conference</c>.</param>
/// <param name="Type">The type within the category, e.g. <c>pc</c>, <c>im</c>, <c>text</c>.</param>
/// <param name="Name">A display name, or null (untrusted: sanitise before display).</param>
/// <param name="Language">The <c>xml:lang</c> of the name, or null.</param>
public sealed record DiscoIdentity(string Category, string Type, string? Name = null, string? Language = null);
