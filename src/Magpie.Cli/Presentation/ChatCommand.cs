namespace Magpie.Cli.Presentation;

/// <summary>One slash command of the client screen: the row that /help, Tab completion and the docs read.</summary>
/// <param name="Name">The name without the slash, e.g. <c>msg</c>.</param>
/// <param name="Usage">The arguments, e.g. <c>JID [message]</c>.</param>
/// <param name="Summary">One line for /help.</param>
/// <param name="Completes">What Tab completes after the name: sub-words such as <c>add remove</c>, or <see cref="JidsMarker"/>.</param>
/// <param name="Run">Runs the command with the text after its name.</param>
internal sealed record ChatCommand(string Name, string Usage, string Summary, IReadOnlyList<string> Completes, Action<ClientViewModel, string> Run)
{
    /// <summary>In <see cref="Completes"/>: complete JIDs.</summary>
    public const string JidsMarker = "<jid>";

    /// <summary>In <see cref="Completes"/>: complete rooms (bookmarks, rooms known this session).</summary>
    public const string RoomsMarker = "<room>";

    /// <summary>In <see cref="Completes"/>: complete file paths.</summary>
    public const string PathsMarker = "<path>";

    /// <summary>The synopsis, e.g. <c>/msg JID [message]</c>.</summary>
    public string Synopsis => Usage.Length == 0 ? "/" + Name : "/" + Name + " " + Usage;
}
