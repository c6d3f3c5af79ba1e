using Magpie.Xmpp;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Presentation;

/// <summary>A roster entry with its best presence, as the backend sees it now (raw strings).</summary>
/// <param name="Jid">The bare JID.</param>
/// <param name="Name">The roster name, if any.</param>
/// <param name="Groups">The roster groups.</param>
/// <param name="Subscription">The subscription state.</param>
/// <param name="AskPending">We asked to subscribe and wait for an answer.</param>
/// <param name="Show">The best resource's show, or null when offline.</param>
/// <param name="Status">The best resource's status text.</param>
internal sealed record ContactInfo(Jid Jid, string? Name, IReadOnlyList<string> Groups, RosterSubscription Subscription, bool AskPending, PresenceShow? Show, string? Status);
