using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Mam;

/// <summary>XEP-0313 Message Archive Management: one message from an archive query.</summary>
/// <param name="Archive">The archive it came from: our own bare JID, or a room's.</param>
/// <param name="ArchiveId">The archive's id for it (the <c>&lt;result id=''/&gt;</c>): stable, usable for
/// paging and, for our own archive, equal to the <c>&lt;stanza-id/&gt;</c> our server stamped.</param>
/// <param name="Stamp">When the archive received it (the forwarded XEP-0203 <c>&lt;delay/&gt;</c>), or null
/// when the archive gave no valid stamp.</param>
/// <param name="Message">The archived message itself, as it was originally sent.</param>
public sealed record ArchivedMessage(Jid Archive, string ArchiveId, DateTimeOffset? Stamp, Message Message);
