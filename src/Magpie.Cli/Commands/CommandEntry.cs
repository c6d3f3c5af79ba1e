using System.CommandLine;

namespace Magpie.Cli.Commands;

/// <summary>One verb in the <see cref="CommandCatalog"/>.</summary>
/// <param name="Name">What the user types, e.g. <c>connect</c>.</param>
/// <param name="Summary">One line for help (and later the TUI's /commands and completion).</param>
/// <param name="Configure">Adds the verb's options and action to the command the catalog made.</param>
internal sealed record CommandEntry(string Name, string Summary, Action<Command, CliContext> Configure);
