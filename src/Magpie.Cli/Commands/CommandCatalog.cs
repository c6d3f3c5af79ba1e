using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;

namespace Magpie.Cli.Commands;

/// <summary>
/// Every verb in one table: the root command, help and (later) the TUI's /commands and completion are
/// all built from it, so a new verb is one line here plus its own class.
/// </summary>
internal static class CommandCatalog
{
    public static IReadOnlyList<CommandEntry> Verbs { get; } =
    [
        new("connect", "Log in, show the session (JID, TLS, SASL, server software) and disconnect.", ConnectCommand.Configure),
        new("demo", "Start a private local Prosody with a ready account and show how to use it.", DemoCommand.Configure),
    ];

    /// <summary>The version without the source revision the SDK appends ("0.1.0+abc123" → "0.1.0").</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>Builds the root command with every verb.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("magpie: an XMPP client for the terminal.");
        foreach (var entry in Verbs)
        {
            var command = new Command(entry.Name, entry.Summary);
            entry.Configure(command, context);
            root.Subcommands.Add(command);
        }
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
                version.Action = new PrintVersionAction();
        }
        root.SetAction(result =>
        {
            // No verb: the full-screen TUI will start here (Tui.MainWindow); until it exists, show help.
            new HelpAction().Invoke(result);
            return ExitCodes.Success;
        });
        return root;
    }

    private static string ReadVersion()
    {
        var assembly = typeof(CommandCatalog).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
