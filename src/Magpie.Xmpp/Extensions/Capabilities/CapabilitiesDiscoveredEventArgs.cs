using Magpie.Xmpp.Extensions.Disco;

namespace Magpie.Xmpp.Extensions.Capabilities;

/// <summary>XEP-0115: an entity's features are now known (from the cache or a verified query).</summary>
public sealed class CapabilitiesDiscoveredEventArgs(Jid entity, DiscoInfo info) : EventArgs
{
    /// <summary>The full JID that announced the capabilities.</summary>
    public Jid Entity { get; } = entity;

    /// <summary>Its identities, features and extended information.</summary>
    public DiscoInfo Info { get; } = info;
}
