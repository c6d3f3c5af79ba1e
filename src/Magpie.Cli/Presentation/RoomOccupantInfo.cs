namespace Magpie.Cli.Presentation;

/// <summary>One occupant of a room as the screen lists it (raw: the view model sanitises).</summary>
/// <param name="Nick">The occupant's nick.</param>
/// <param name="Role">The role, lower case ("moderator", "participant", "visitor").</param>
internal sealed record RoomOccupantInfo(string Nick, string Role);
