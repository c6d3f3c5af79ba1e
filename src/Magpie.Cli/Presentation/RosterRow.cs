using Magpie.Xmpp;

namespace Magpie.Cli.Presentation;

/// <summary>One row of the roster pane; <see cref="Text"/> is sanitised and ready to draw.</summary>
/// <param name="Kind">Heading, contact or request.</param>
/// <param name="Text">What to draw (symbol, name, unread count).</param>
/// <param name="Look">The presence colour to use.</param>
/// <param name="Jid">The contact, for rows that have one.</param>
internal sealed record RosterRow(RosterRowKind Kind, string Text, PresenceLook Look, Jid? Jid);
