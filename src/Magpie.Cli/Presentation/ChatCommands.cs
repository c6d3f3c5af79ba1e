namespace Magpie.Cli.Presentation;

/// <summary>The client screen's slash commands: one table for dispatch, /help, completion, the menu and docs.</summary>
internal static class ChatCommands
{
    private static readonly string[] Jids = [ChatCommand.JidsMarker];
    private static readonly string[] None = [];
    private static readonly string[] RoomList = [ChatCommand.RoomsMarker];
    private static readonly string[] Paths = [ChatCommand.PathsMarker];

    /// <summary>Every command, in /help order.</summary>
    public static IReadOnlyList<ChatCommand> All { get; } =
    [
        new("connect", "", "Log in (again) with the account this screen was started with.", None, (vm, _) => vm.Connect()),
        new("disconnect", "", "Log out; windows stay open.", None, (vm, _) => vm.Disconnect()),
        new("register", "", "Create this account on the server (in-band registration), then log in.", None, (vm, _) => vm.Register()),
        new("msg", "JID|NAME [message]", "Open a conversation window and send a message if one is given. NAME is a roster name (or a JID's local part); in a room window a nick opens a private window with that occupant, as room@service/nick does anywhere.", Jids, (vm, a) => vm.Msg(a)),
        new("roster", "[list] | add|remove JID [name]", "List the contacts, add (or rename) one, or remove one.", ["list", "add", "remove"], (vm, a) => vm.RosterCommand(a)),
        new("sub", "request|approve|deny JID", "Ask for, grant or refuse a presence subscription.", ["request", "approve", "deny"], (vm, a) => vm.Sub(a)),
        new("info", "[JID|NAME]", "Show a contact (by JID or roster name) or a server: roster entry, presence, software, features.", Jids, (vm, a) => vm.Info(a)),
        new("ping", "[JID|NAME]", "Ping a contact or a server (ours when none is given) and show the round trip (XEP-0199).", Jids, (vm, a) => vm.Ping(a)),
        new("status", "online|away|xa|dnd|chat [text]", "Set our presence.", ["online", "away", "xa", "dnd", "chat"], (vm, a) => vm.Status(a)),
        new("away", "[text]", "Set our presence to away (like /status away [text]).", None, (vm, a) => vm.Status(("away " + a).Trim())),
        new("online", "[text]", "Set our presence back to online (like /status online [text]).", None, (vm, a) => vm.Status(("online " + a).Trim())),
        new("correct", "text", "Replace our last message in this window (XEP-0308).", None, (vm, a) => vm.Correct(a)),
        new("me", "action", "Send an action: '/me waves' shows as '* me waves'.", None, (vm, a) => vm.SendToActive("/me " + a)),
        new("urls", "", "List the links seen in this window.", None, (vm, _) => vm.ListUrls()),
        new("close", "[N]", "Close this window (or window N); the console stays.", None, (vm, a) => vm.Close(a)),
        new("win", "N", "Go to window N (1 is the console).", None, (vm, a) => vm.Win(a)),
        new("wins", "", "List the windows with their numbers and unread counts.", None, (vm, _) => vm.Wins()),
        new("clear", "", "Clear the window shown (its lines stay in the local history).", None, (vm, _) => vm.ClearWindow()),
        new("next", "", "Go to the next window with unread messages (like Alt+A).", None, (vm, _) => vm.NextUnread()),
        new("help", "[command]", "List the commands and keys, or explain one command.", None, (vm, a) => vm.Help(a)),
        new("delete-account", "", "Delete this account on the server (asks you to type the JID).", None, (vm, _) => vm.DeleteAccount()),
        new("quit", "", "Log out and leave.", None, (vm, _) => vm.Quit()),
        new("join", "ROOM@service[/nick] [password]", "Join a group chat (nick: your account's local part unless given); a room that does not exist is created as an instant room, open to others at once. Tab completes bookmarks and rooms known this session.", RoomList, (vm, a) => vm.Join(a)),
        new("leave", "[ROOM]", "Leave a group chat (the room shown if none given).", None, (vm, a) => vm.Leave(a)),
        new("topic", "TEXT", "Set the subject of the room shown.", None, (vm, a) => vm.Topic(a)),
        new("nick", "NEWNICK", "Change your nickname in the room shown.", None, (vm, a) => vm.Nick(a)),
        new("kick", "NICK [reason]", "Remove an occupant from the room shown (moderators).", None, (vm, a) => vm.Kick(a)),
        new("ban", "NICK|JID [reason]", "Ban a user from the room shown (admins and owners); a nick needs the room to show its JID.", None, (vm, a) => vm.Ban(a)),
        new("role", "NICK moderator|participant|visitor|none", "Set an occupant's role in the room shown (moderators; none kicks).", None, (vm, a) => vm.Role(a)),
        new("affiliation", "NICK|JID owner|admin|member|outcast|none", "Set a user's affiliation with the room shown (admins and owners; outcast bans).", None, (vm, a) => vm.Affiliation(a)),
        new("invite", "JID [ROOM]", "Invite a contact to a group chat (the room shown if none given).", Jids, (vm, a) => vm.Invite(a)),
        new("bookmark", "[list]|add|remove [ROOM]", "List, add (joined at login) or remove group chat bookmarks.", ["list", "add", "remove"], (vm, a) => vm.Bookmark(a)),
        new("sendfile", "[--direct] PATH", "Upload a file and send its link to this conversation or room, with a progress bar (Tab completes the path); --direct sends it straight to the contact's client (Jingle, no server copy).", Paths, (vm, a) => vm.SendFile(a)),
        new("accept", "[DIR]", "Receive the file offered in this conversation into DIR (default ~/Downloads) under a safe file name; the SHA-256 is checked.", Paths, (vm, a) => vm.AcceptFile(a)),
        new("reject", "", "Decline the file offered in this conversation.", None, (vm, _) => vm.RejectFile()),
        new("cancel", "", "Cancel the file transfers under way.", None, (vm, _) => vm.CancelTransfers()),
        new("download", "N [DIR]", "Download link N of /urls (into DIR, default ~/Downloads) under a safe file name.", None, (vm, a) => vm.Download(a)),
    ];

    /// <summary>The menu bar: the same actions as the commands, for people who prefer menus. An item whose
    /// line ends in a space puts that line in the input for the arguments; the others run at once.</summary>
    public static IReadOnlyList<(string Menu, IReadOnlyList<(string Label, string Line)> Items)> Menu { get; } =
    [
        ("_Session",
        [
            ("_Connect", "/connect"), ("_Disconnect", "/disconnect"), ("_Register", "/register"),
            ("_Status…", "/status "), ("A_way", "/away"), ("On_line", "/online"), ("Delete _account…", "/delete-account"), ("_Quit", "/quit"),
        ]),
        ("_Contacts",
        [
            ("_List", "/roster list"), ("_Message…", "/msg "), ("_Add…", "/roster add "), ("_Remove…", "/roster remove "),
            ("Re_quest subscription…", "/sub request "), ("A_pprove request…", "/sub approve "), ("_Deny request…", "/sub deny "),
            ("_Info", "/info"), ("_Ping server", "/ping"),
        ]),
        ("_Rooms",
        [
            ("_Join…", "/join "), ("_Leave", "/leave"), ("_Invite…", "/invite "), ("_Subject (topic)…", "/topic "), ("_Nick…", "/nick "),
            ("_Kick…", "/kick "), ("Ban _user…", "/ban "), ("R_ole…", "/role "), ("_Affiliation…", "/affiliation "),
            ("_Bookmarks", "/bookmark list"), ("Bookmark _this room", "/bookmark add"), ("_Remove bookmark", "/bookmark remove"),
        ]),
        ("_Files",
        [
            ("_Send file…", "/sendfile "), ("_Links", "/urls"), ("_Download…", "/download "), ("_Cancel transfers", "/cancel"), ("_Accept file", "/accept"), ("_Reject file", "/reject"),
        ]),
        ("_Window",
        [
            ("_Next unread", "/next"), ("_Go to…", "/win "), ("_List windows", "/wins"), ("C_orrect last…", "/correct "), ("_Action (/me)…", "/me "),
            ("Cl_ear", "/clear"), ("_Close", "/close"), ("_Help", "/help"),
        ]),
    ];

    /// <summary>The keys, for /help and the docs; the screen binds the same list.</summary>
    public static IReadOnlyList<(string Keys, ScreenAction Action, string Summary)> Keys { get; } =
    [
        ("Enter", ScreenAction.Send, "Send the input line (or run the command)."),
        ("Alt+Enter", ScreenAction.NewLine, "New line in the input without sending."),
        ("Tab", ScreenAction.Complete, "Complete a command, a JID, a room, a path, or a nick (as 'nick: ' at the start of a line in a room); again for the next match."),
        ("Up / Down", ScreenAction.HistoryBack, "Input history."),
        ("Ctrl+A / Ctrl+E", ScreenAction.EditLine, "Start / end of the input line."),
        ("Ctrl+U / Ctrl+K", ScreenAction.EditLine, "Delete to the start / to the end of the input line; Ctrl+Y puts it back."),
        ("Ctrl+W / Alt+Backspace", ScreenAction.EditLine, "Delete the word before the cursor (up to a space / letters and digits only)."),
        ("Alt+B / Alt+F", ScreenAction.EditLine, "Back / forward one word."),
        ("Alt+1 … Alt+0", ScreenAction.GoToWindow, "Go to window 1 … 10."),
        ("Alt+Left / Alt+Right", ScreenAction.PreviousWindow, "Previous / next window."),
        ("Alt+A", ScreenAction.NextUnread, "Next window with unread messages."),
        ("PageUp / PageDown", ScreenAction.ScrollUp, "Scroll the conversation (up to its oldest line)."),
        ("F9", ScreenAction.Menu, "Open the menu bar."),
        ("Ctrl+Q / Ctrl+C", ScreenAction.Quit, "Quit (like /quit)."),
    ];

    /// <summary>The command and key tables as Markdown, for docs/tui.md (a test keeps the file in step).</summary>
    public static string ToMarkdown()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("| Command | What it does |\n|---|---|\n");
        foreach (var c in All)
            sb.Append("| `").Append(c.Synopsis.Replace("|", "\\|", StringComparison.Ordinal)).Append("` | ").Append(c.Summary).Append(" |\n");
        sb.Append("\n| Keys | What they do |\n|---|---|\n");
        foreach (var (keys, _, summary) in Keys)
            sb.Append("| ").Append(keys).Append(" | ").Append(summary).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>Finds a command by name (without the slash), ignoring case.</summary>
    public static ChatCommand? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
