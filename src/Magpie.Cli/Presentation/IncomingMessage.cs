using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Styling;

namespace Magpie.Cli.Presentation;

/// <summary>A chat message as the backend hands it over (raw: the view model sanitises).</summary>
/// <param name="Peer">The other party (for a carbon of our own message: the recipient).</param>
/// <param name="Id">The stanza id, for receipts and corrections.</param>
/// <param name="Body">The plain body.</param>
/// <param name="Rich">Styled runs from XHTML-IM, when the message had them; else styling is parsed from the body.</param>
/// <param name="Time">When it was sent (delay stamp) or received.</param>
/// <param name="Outgoing">A copy of a message we sent from another client (carbons).</param>
internal sealed record IncomingMessage(Jid Peer, string? Id, string Body, StyledText? Rich, DateTimeOffset Time, bool Outgoing = false);
