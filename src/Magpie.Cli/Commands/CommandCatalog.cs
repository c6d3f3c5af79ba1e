using System.CommandLine;
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
        new("chat", "Open the full-screen client (the same as no verb).", TuiCommand.Configure),
        new("connect", "Log in, show the session (JID, TLS, SASL, server software) and disconnect.", ConnectCommand.Configure),
        new("demo", "Start a private local Prosody with a ready account and show how to use it.", DemoCommand.Configure),
        new("register", "Create the account (in-band registration, XEP-0077).", RegisterCommand.Configure),
        new("passwd", "Change the account's password.", PasswdCommand.Configure),
        new("delete-account", "Delete the account on the server (needs --yes).", DeleteAccountCommand.Configure),
        CommandEntry.Group("roster", "Show and edit the contact list.",
            new("list", "List the contacts.", RosterCommand.ConfigureList),
            new("add", "Add or update a contact.", RosterCommand.ConfigureAdd),
            new("remove", "Remove a contact.", RosterCommand.ConfigureRemove)),
        CommandEntry.Group("sub", "Presence subscriptions.",
            new("request", "Ask to see a contact's presence.", SubCommand.ConfigureRequest),
            new("approve", "Let a contact see our presence.", SubCommand.ConfigureApprove),
            new("deny", "Refuse a contact's subscription request.", SubCommand.ConfigureDeny),
            new("cancel", "Revoke a contact's subscription to our presence.", SubCommand.ConfigureCancel)),
        new("ping", "Ping an entity and show the round trip (XEP-0199).", PingCommand.Configure),
        CommandEntry.Group("disco", "Service discovery (XEP-0030).",
            new("info", "Show an entity's identities and features.", DiscoCommand.ConfigureInfo),
            new("items", "List an entity's items.", DiscoCommand.ConfigureItems)),
        new("block", "Block a JID (XEP-0191).", BlockCommand.ConfigureBlock),
        new("unblock", "Unblock a JID (XEP-0191).", BlockCommand.ConfigureUnblock),
        new("send", "Send a message ('-' sends each line of standard input).", SendCommand.Configure),
        new("listen", "Go online and print incoming messages and chat states.", ListenCommand.Configure),
        CommandEntry.Group("contact", "Look up a contact.",
            new CommandEntry("show", "Show a contact: roster entry, presence, vCard, software and features.", ContactCommand.ConfigureShow)),
        new("presence", "Go online with a show and status and stay until Ctrl-C or --for.", PresenceCommand.Configure),
    ];

    /// <summary>The version without the source revision the SDK appends ("0.1.0+abc123" → "0.1.0").</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>Builds the root command with every verb.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("magpie: an XMPP client for the terminal.");
        foreach (var entry in Verbs)
            root.Subcommands.Add(entry.Build(context));
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
                version.Action = new PrintVersionAction();
        }
        // No verb: the full-screen client, with the same options as 'magpie chat'.
        TuiCommand.Configure(root, context, isRoot: true);
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
