using System.CommandLine;
using System.Reflection;

namespace Magpie.Cli.Commands;

/// <summary>
/// Every verb in one table: the root command and help are built from it, so a new verb is one line here plus
/// its own class. (The full-screen client's slash commands have a table of their own, <c>Presentation/ChatCommands</c>.)
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
        new("upload", "Upload a file (XEP-0363), print its link, and send it with --to or --room.", UploadCommand.Configure),
        new("download", "Download a shared link into a folder under a safe name.", DownloadCommand.Configure),
        new("send-file", "Send a file straight to a contact's client (Jingle, XEP-0234), SOCKS5 or in-band.", SendFileCommand.Configure),
        new("receive-files", "Go online and save files sent directly (send-file) into a folder, hash checked.", ReceiveFilesCommand.Configure),
        new("listen", "Go online and print incoming messages and chat states.", ListenCommand.Configure),
        new("history", "Fetch new messages from the server archive, then show a conversation from the local history.", HistoryCommand.Configure),
        CommandEntry.Group("contact", "Look up a contact.",
            new CommandEntry("show", "Show a contact: roster entry, presence, vCard, software and features.", ContactCommand.ConfigureShow)),
        new("presence", "Go online with a show and status and stay until Ctrl-C or --for.", PresenceCommand.Configure),
        CommandEntry.Group("muc", "Group chat rooms (XEP-0045).",
            new("list", "List the rooms of a MUC service.", MucCommand.ConfigureList),
            new("info", "Show a room's name, description, subject and settings.", MucCommand.ConfigureInfo),
            new("join", "Join a room and print its messages until --count, --timeout or Ctrl-C.", MucCommand.ConfigureJoin),
            new("send", "Join a room, send one message and leave.", MucCommand.ConfigureSend),
            new("occupants", "Join a room and list who is there.", MucCommand.ConfigureOccupants),
            new("create", "Create a room (persistent unless configured otherwise).", MucCommand.ConfigureCreate),
            new("destroy", "Destroy a room we own.", MucCommand.ConfigureDestroy),
            new("invite", "Invite someone to a room (XEP-0249 direct invitation; --mediated goes through the room).", MucCommand.ConfigureInvite),
            new("subject", "Change a room's subject.", MucCommand.ConfigureSubject),
            new("kick", "Kick an occupant from a room.", MucCommand.ConfigureKick),
            new("ban", "Ban a user from a room.", MucCommand.ConfigureBan)),
        CommandEntry.Group("bookmarks", "Bookmarked rooms (XEP-0402, else XEP-0048).",
            new("list", "List the bookmarked rooms.", BookmarksCommand.ConfigureList),
            new("add", "Bookmark a room (--autojoin: join it at login).", BookmarksCommand.ConfigureAdd),
            new("remove", "Remove a room's bookmark.", BookmarksCommand.ConfigureRemove)),
    ];

    /// <summary>The version without the source revision the SDK appends ("0.1.0+abc123" → "0.1.0").</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>Builds the root command with every verb.</summary>
    public static RootCommand BuildRoot(CliContext context) => BuildRoot(context, []);

    /// <summary>Builds the root command with what <paramref name="args"/> can reach: a command line that
    /// starts with a verb gets that verb's subtree only (a one-shot run does not pay for building the other
    /// thirty), and a bare <c>--version</c> gets no verbs at all. Anything else (no verb, an unknown word,
    /// <c>--help</c>) gets the whole tree, so help and typo suggestions list every verb.</summary>
    public static RootCommand BuildRoot(CliContext context, IReadOnlyList<string> args)
    {
        var root = new RootCommand("magpie: an XMPP client for the terminal.");
        var only = args.Count > 0 ? Verbs.FirstOrDefault(v => string.Equals(v.Name, args[0], StringComparison.Ordinal)) : null;
        var versionOnly = args.Count == 1 && args[0] == "--version";
        if (only is not null)
            root.Subcommands.Add(only.Build(context));
        else if (!versionOnly)
        {
            foreach (var entry in Verbs)
                root.Subcommands.Add(entry.Build(context));
        }
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
                version.Action = new PrintVersionAction();
        }
        // No verb: the full-screen client, with the same options as 'magpie chat'. Not needed when a verb
        // was named (the root's options are not recursive) or for --version alone.
        if (only is null && !versionOnly)
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
