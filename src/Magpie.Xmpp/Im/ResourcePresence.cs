using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Im;

/// <summary>The last available presence of one resource of a contact.</summary>
/// <param name="Resource">The resource; empty when the presence came from a bare JID.</param>
/// <param name="Show">The availability sub-state.</param>
/// <param name="Status">The status text, or null (untrusted: sanitise before display).</param>
/// <param name="Priority">The resource's priority.</param>
/// <param name="LastUpdated">When this presence arrived.</param>
public sealed record ResourcePresence(string Resource, PresenceShow Show, string? Status, sbyte Priority, DateTimeOffset LastUpdated);
