using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: one occupant of a room as its latest presence described it. Immutable: a change
/// produces a new instance.</summary>
/// <param name="OccupantJid">room@service/nick.</param>
/// <param name="Role">The role.</param>
/// <param name="Affiliation">The affiliation.</param>
/// <param name="RealJid">The real JID when the room shows it to us (non-anonymous rooms, or we moderate), else null.</param>
/// <param name="Show">The presence show.</param>
/// <param name="Status">The status text (untrusted).</param>
public sealed record MucOccupant(Jid OccupantJid, MucRole Role, MucAffiliation Affiliation, Jid? RealJid, PresenceShow Show = PresenceShow.Online, string? Status = null)
{
    /// <summary>The nickname: the resource of the occupant JID, the only trustworthy name of a speaker.</summary>
    public string Nick => OccupantJid.Resource ?? "";
}
