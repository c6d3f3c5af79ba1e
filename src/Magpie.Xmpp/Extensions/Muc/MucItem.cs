namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: the <c>&lt;item/&gt;</c> of a muc#user or muc#admin payload.</summary>
/// <param name="Role">The occupant's role (absent reads as <see cref="MucRole.None"/>).</param>
/// <param name="Affiliation">The affiliation (absent reads as <see cref="MucAffiliation.None"/>).</param>
/// <param name="Jid">The real JID, when the room shows it to us; null otherwise.</param>
/// <param name="Nick">A nickname: the new one in a nick change (303), else usually null.</param>
/// <param name="Reason">The moderator's reason for a kick or ban (untrusted text).</param>
/// <param name="Actor">The nickname of the moderator who acted, or null.</param>
public sealed record MucItem(MucRole Role, MucAffiliation Affiliation, Jid? Jid = null, string? Nick = null, string? Reason = null, string? Actor = null);
