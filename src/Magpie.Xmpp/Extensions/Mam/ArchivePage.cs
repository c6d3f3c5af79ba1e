using Magpie.Xmpp.Extensions.Rsm;

namespace Magpie.Xmpp.Extensions.Mam;

/// <summary>XEP-0313 Message Archive Management: one page of an archive query.</summary>
/// <param name="Messages">The page's messages, oldest first.</param>
/// <param name="ResultSet">The archive's XEP-0059 answer: first and last id (<see cref="ResultSetInfo.Last"/>
/// is where the next page starts), and the count when given.</param>
/// <param name="IsComplete">True when the archive said this page ends the result set (<c>complete='true'</c>).</param>
public sealed record ArchivePage(IReadOnlyList<ArchivedMessage> Messages, ResultSetInfo ResultSet, bool IsComplete);
