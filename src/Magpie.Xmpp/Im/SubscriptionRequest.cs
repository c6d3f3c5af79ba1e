namespace Magpie.Xmpp.Im;

/// <summary>An inbound subscription request we have not answered yet.</summary>
/// <param name="From">The requester's bare JID.</param>
/// <param name="Status">Optional text the requester attached (untrusted: sanitise before display).</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record SubscriptionRequest(Jid From, string? Status, DateTimeOffset ReceivedAt);
