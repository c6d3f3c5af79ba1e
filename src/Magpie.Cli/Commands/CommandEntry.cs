using System.CommandLine;

namespace Magpie.Cli.Commands;

/// <summary>One verb in the <see cref="CommandCatalog"/>, or a parent verb (<c>roster</c>, <c>sub</c>) whose
/// <see cref="Subcommands"/> are verbs themselves.</summary>
/// <param name="Name">What the user types, e.g. <c>connect</c>.</param>
/// <param name="Summary">One line for help (and later the TUI's /commands and completion).</param>
/// <param name="Configure">Adds the verb's options and action to the command the catalog made; null for a
/// parent that only groups subcommands.</param>
/// <param name="Subcommands">The verbs under this one; empty for an ordinary verb.</param>
internal sealed record CommandEntry(string Name, string Summary, Action<Command, CliContext>? Configure, IReadOnlyList<CommandEntry> Subcommands)
{
    public CommandEntry(string name, string summary, Action<Command, CliContext> configure)
        : this(name, summary, configure, [])
    {
    }

    /// <summary>A parent verb that only groups <paramref name="subcommands"/>.</summary>
    public static CommandEntry Group(string name, string summary, params IReadOnlyList<CommandEntry> subcommands) =>
        new(name, summary, null, subcommands);

    /// <summary>Makes the System.CommandLine command, recursing into the subcommands.</summary>
    public Command Build(CliContext context)
    {
        var command = new Command(Name, Summary);
        Configure?.Invoke(command, context);
        foreach (var child in Subcommands)
            command.Subcommands.Add(child.Build(context));
        return command;
    }
}
