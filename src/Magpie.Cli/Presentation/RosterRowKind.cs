namespace Magpie.Cli.Presentation;

/// <summary>The kinds of row in the roster pane.</summary>
internal enum RosterRowKind
{
    /// <summary>A group heading.</summary>
    Group,
    /// <summary>A contact.</summary>
    Contact,
    /// <summary>A subscription request waiting for /sub approve or deny.</summary>
    Request,
    /// <summary>An occupant of the room shown.</summary>
    Occupant,
}
