using System.Globalization;
using Magpie.Cli.Commands;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.Styling;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Presentation;

/// <summary>
/// The whole client screen without a terminal: windows, roster, status, input and the slash commands.
/// Backend events come in through <see cref="IChatEventSink"/> on any thread and are posted to the UI
/// thread; backend calls go out on the thread pool, so the UI never waits for the network.
/// </summary>
internal sealed partial class ClientViewModel : IChatEventSink, IRoomEventSink, IDirectFileSink
{
    private readonly IChatBackend _backend;
    private readonly IUiDispatcher _ui;
    private readonly TimeProvider _clock;
    private readonly List<ConversationModel> _windows = [];
    private readonly List<Task> _pending = [];
    private bool _confirmingDelete;

    /// <summary>Creates the screen model for <paramref name="backend"/>.</summary>
    public ClientViewModel(IChatBackend backend, IUiDispatcher ui, TimeProvider? clock = null, IRoomService? rooms = null, IFileTransferService? files = null, IDirectFileService? direct = null)
    {
        _backend = backend;
        _ui = ui;
        _clock = clock ?? TimeProvider.System;
        Rooms = rooms ?? NotYetAvailable.Instance;
        Files = files ?? NotYetAvailable.Instance;
        _windows.Add(new ConversationModel(WindowKind.Console, "console", null));
        Input.Edited += (_, _) => OnTyping();
        backend.Attach(this);
        Rooms.Attach(this);
        _direct = direct;
        direct?.Attach(this);
    }

    /// <summary>Group chat and bookmarks.</summary>
    public IRoomService Rooms { get; }

    /// <summary>File transfers.</summary>
    public IFileTransferService Files { get; }

    /// <summary>Our account, sanitised.</summary>
    public string Account => SafeText.OneLine(_backend.Account.ToString());

    /// <summary>The windows; index 0 is the console.</summary>
    public IReadOnlyList<ConversationModel> Windows => _windows;

    /// <summary>The index of the window shown.</summary>
    public int ActiveIndex { get; private set; }

    /// <summary>The window shown.</summary>
    public ConversationModel Active => _windows[ActiveIndex];

    /// <summary>The console window.</summary>
    public ConversationModel Console => _windows[0];

    /// <summary>The roster pane.</summary>
    public RosterModel Roster { get; } = new();

    /// <summary>The input line.</summary>
    public InputLineModel Input { get; } = new();

    /// <summary>The connection state.</summary>
    public ConnectionStatus Connection { get; private set; } = ConnectionStatus.Offline;

    /// <summary>Our own presence as last set.</summary>
    public PresenceLook OwnPresence { get; private set; } = PresenceLook.Offline;

    /// <summary>Our own status text, sanitised.</summary>
    public string? OwnStatus { get; private set; }

    /// <summary>Whether the next input line is the JID typed to confirm /delete-account.</summary>
    public bool IsConfirming => _confirmingDelete;

    /// <summary>Something on screen changed: redraw.</summary>
    public event EventHandler? Changed;

    /// <summary>A message arrived in a window that is not shown: ring the bell.</summary>
    public event EventHandler? Bell;

    /// <summary>The account was deleted on the server (/delete-account): forget it locally too.</summary>
    public event EventHandler? AccountDeleted;

    /// <summary>The user asked to leave (after logging out).</summary>
    public event EventHandler? QuitRequested;

    /// <summary>The title row of the window shown: number, name, JID and the peer's presence (all sanitised).</summary>
    public string ActiveTitle
    {
        get
        {
            var window = Active;
            var title = $"{ActiveIndex + 1}: {window.Title}";
            if (window.Kind == WindowKind.Room)
                return title + (window.Nick is null ? "  (not joined)" : $"  as {SafeText.Name(window.Nick)}") + (string.IsNullOrEmpty(window.Subject) ? "" : " — " + window.Subject);
            if (window.Kind == WindowKind.Private)
                return title + "  (private, in a room)";
            if (window.Peer is not { } peer)
                return title;
            var jid = SafeText.Address(peer);
            if (window.Title != jid)
                title += $" <{jid}>";
            var contact = Roster.Find(peer);
            var look = PresenceLooks.From(contact?.Show);
            title += $"  {PresenceLooks.Symbol(look)} {PresenceLooks.Name(look)}";
            if (!string.IsNullOrWhiteSpace(contact?.Status))
                title += ": " + SafeText.OneLine(contact.Status);
            return title;
        }
    }

    /// <summary>The status bar text: connection, own presence, every window (the one shown and those with unread messages marked), transfers.</summary>
    public string StatusText
    {
        get
        {
            return $"{StatusPrefix}{string.Concat(WindowMarks.Select(m => m.Text))}{TransferStatus}";
        }
    }

    /// <summary>The status bar before the window list: connection, account, own presence and status.</summary>
    public string StatusPrefix
    {
        get
        {
            var state = Connection switch
            {
                ConnectionStatus.Online => "online",
                ConnectionStatus.Connecting => "connecting…",
                ConnectionStatus.Reconnecting => "reconnecting…",
                _ => "offline",
            };
            var presence = Connection == ConnectionStatus.Online ? " " + PresenceLooks.Symbol(OwnPresence) + " " + PresenceLooks.Name(OwnPresence) : "";
            var status = string.IsNullOrEmpty(OwnStatus) ? "" : " (" + OwnStatus + ")";
            return $"[{state}] {Account}{presence}{status}  ";
        }
    }

    /// <summary>Every window as the status bar lists it: <c>[1]</c>, the one shown <c>[2*]</c>, one with unread
    /// messages <c>[3+2]</c> (window 3, 2 unread), in window order.</summary>
    public IEnumerable<(string Text, bool Shown, bool Activity)> WindowMarks =>
        _windows.Select((w, i) =>
        {
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            var shown = i == ActiveIndex;
            var mark = shown ? number + "*" : w.Unread > 0 ? number + "+" + w.Unread.ToString(CultureInfo.InvariantCulture) : number;
            return ("[" + mark + "]", shown, !shown && w.Unread > 0);
        });

    /// <summary>Work started by commands that has not finished (tests await it).</summary>
    public Task WhenIdle()
    {
        lock (_pending)
            return Task.WhenAll(_pending.ToArray());
    }

    /// <summary>Starts logging in (used at start-up and by /connect).</summary>
    public void Connect()
    {
        if (Connection is ConnectionStatus.Online or ConnectionStatus.Connecting)
        {
            Notice(LineKind.Notice, Connection == ConnectionStatus.Online ? "Already connected." : "Already connecting.");
            return;
        }
        SetConnection(ConnectionStatus.Connecting, null);
        // A failure is told once: by the backend's "Disconnected. <why>" line, or here when the backend did not.
        Run("connect", async ct =>
        {
            try
            {
                await _backend.ConnectAsync(ct);
            }
            catch (Exception ex)
            {
                _ui.Post(() =>
                {
                    if (Connection != ConnectionStatus.Offline)
                        SetConnection(ConnectionStatus.Offline, ex.Message);
                });
            }
        }, quiet: true);
    }

    /// <summary>Enter: runs a command or sends the line to the window shown. A line holding a character XMPP
    /// cannot carry (ESC, U+0001, …) is refused with a notice naming it and stays in the input line to fix.</summary>
    public void Submit()
    {
        if (UserText.Problem(Input.Text) is { } problem)
        {
            Notice(LineKind.Error, $"Not sent: {problem}. Remove it and press Enter again.");
            RaiseChanged();
            return;
        }
        var line = Input.Take();
        if (line.Length == 0)
            return;
        Execute(line);
        RaiseChanged();
    }

    /// <summary>Runs one input line as if typed.</summary>
    public void Execute(string line)
    {
        if (_confirmingDelete)
        {
            ConfirmDelete(line.Trim());
            return;
        }
        if (line.StartsWith('/') && !line.StartsWith("//", StringComparison.Ordinal) && !line.StartsWith("/me ", StringComparison.Ordinal))
        {
            var space = line.IndexOfAny([' ', '\n']);
            var name = space < 0 ? line[1..] : line[1..space];
            var rest = space < 0 ? "" : line[(space + 1)..].Trim();
            var command = ChatCommands.Find(name);
            if (command is null)
                Notice(LineKind.Error, $"Unknown command /{SafeText.OneLine(name)}; try /help.");
            else
                command.Run(this, rest);
            return;
        }
        SendToActive(line.StartsWith("//", StringComparison.Ordinal) ? line[1..] : line);
    }

    /// <summary>Tab: completes commands, their sub-words and JIDs.</summary>
    public void Complete() => Input.Complete((before, isCommand) =>
    {
        if (isCommand)
            return ChatCommands.All.Select(c => "/" + c.Name);
        var words = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var command = words.Length > 0 && words[0].StartsWith('/') ? ChatCommands.Find(words[0][1..]) : null;
        var jids = Roster.Jids.Select(j => j.ToString())
            .Concat(_windows.Where(w => w.Peer is not null).Select(w => w.Kind == WindowKind.Private && w.Peer!.Resource is { } nick
                ? w.Peer.Bare + "/" + SafeText.NameArgument(nick) // room@service/"nick" as shown, which /msg reads back
                : w.Peer!.ToString()))
            .Concat(_backend.GetPendingRequests().Select(r => r.From.Bare.ToString()));
        if (Active.Kind == WindowKind.Room)
        {
            // The first word of a line: "nick: ", addressing the occupant, as in every IRC-style client.
            if (command is null && !before.Contains(' ') && !before.Contains('\n'))
                return Active.OccupantNicks.Select(n => SafeText.NameArgument(n) + ":");
            jids = Active.OccupantNicks.Select(SafeText.NameArgument).Concat(jids); // as shown: look-alikes stay apart
        }
        if (command is null)
            return jids;
        var argIndex = words.Length - (before.EndsWith(' ') ? 0 : 1);
        if (command.Completes.Contains(ChatCommand.RoomsMarker))
            return argIndex == 1 ? KnownRooms() : [];
        if (command.Completes.Contains(ChatCommand.PathsMarker))
            return PathCompletions(before.EndsWith(' ') ? "" : words[^1]);
        var sub = command.Completes.Where(c => c != ChatCommand.JidsMarker).ToList();
        if (argIndex == 1 && sub.Count > 0)
            return sub;
        return jids;
    });

    /// <summary>Rooms for /join: the room windows open and the rooms the service knows (bookmarks, rooms joined).</summary>
    private IEnumerable<string> KnownRooms() =>
        _windows.Where(w => w.Kind == WindowKind.Room).Select(w => w.Peer!.Bare.ToString())
            .Concat(Rooms.KnownRooms.Select(r => r.Bare.ToString()));

    /// <summary>Files and folders whose path starts with <paramref name="typed"/> (a folder ends in '/', so Tab goes on into it).</summary>
    internal static IEnumerable<string> PathCompletions(string typed)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var expanded = typed.StartsWith('~') && home.Length > 0 ? home + typed[1..] : typed;
        var slash = expanded.LastIndexOf('/');
        var directory = slash < 0 ? "." : slash == 0 ? "/" : expanded[..slash];
        var typedDirectory = slash < 0 ? "" : typed[..(typed.LastIndexOf('/') + 1)];
        try
        {
            return new DirectoryInfo(directory).EnumerateFileSystemInfos()
                .Select(e => typedDirectory + e.Name + (e is DirectoryInfo ? "/" : ""))
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException or ArgumentException)
        {
            return [];
        }
    }

    /// <summary>Goes to window <paramref name="index"/> (0-based); out of range is ignored.</summary>
    public void GoTo(int index)
    {
        if (index < 0 || index >= _windows.Count || index == ActiveIndex)
            return;
        if (Connection == ConnectionStatus.Online)
        {
            // XEP-0085: we are no longer looking at the old conversation, and are at the new one.
            if (Active.Kind == WindowKind.Chat && Active.Peer is { } left)
                Run("chat state", ct => _backend.SetConversationActiveAsync(left, false, ct), quiet: true, inOrder: true);
            if (_windows[index].Kind == WindowKind.Chat && _windows[index].Peer is { } entered)
                Run("chat state", ct => _backend.SetConversationActiveAsync(entered, true, ct), quiet: true, inOrder: true);
        }
        ActiveIndex = index;
        Active.Unread = 0;
        RefreshRoster();
    }

    /// <summary>Alt+Left/Right: the previous or next window, wrapping.</summary>
    public void Cycle(int delta) => GoTo(((ActiveIndex + delta) % _windows.Count + _windows.Count) % _windows.Count);

    /// <summary>Alt+A: the next window with unread messages, if any.</summary>
    public void NextUnread()
    {
        for (var step = 1; step < _windows.Count; step++)
        {
            var i = (ActiveIndex + step) % _windows.Count;
            if (_windows[i].Unread > 0)
            {
                GoTo(i);
                return;
            }
        }
    }

    /// <summary>PageUp/PageDown: scrolls the shown window by <paramref name="lines"/> (positive = back), at most
    /// <paramref name="limit"/> lines back (the screen knows when the oldest line reaches the top).</summary>
    public void Scroll(int lines, int? limit = null)
    {
        var most = Math.Max(0, Math.Min(limit ?? int.MaxValue, Active.Lines.Count - 1));
        Active.ScrollBack = Math.Clamp(Active.ScrollBack + lines, 0, most);
        RaiseChanged();
    }

    /// <summary>Opens (or finds) the conversation with <paramref name="jid"/>.</summary>
    public ConversationModel OpenChat(Jid jid, bool focus) => OpenChat(jid, focus, null, out _);

    /// <summary>Opens (or finds) the conversation with <paramref name="jid"/>; <paramref name="opened"/> says whether
    /// the window is new. The message <paramref name="arriving"/> is left out of the history it opens with: it is
    /// stored before it is shown, and is shown as what it is, a new message.</summary>
    private ConversationModel OpenChat(Jid jid, bool focus, IncomingMessage? arriving, out bool opened)
    {
        var bare = jid.Bare;
        var index = _windows.FindIndex(w => w.Kind == WindowKind.Chat && w.Peer!.BareEquals(bare));
        opened = index < 0;
        if (index < 0)
        {
            var window = new ConversationModel(WindowKind.Chat, Roster.DisplayName(bare), bare);
            LoadHistory(window, arriving);
            _windows.Add(window);
            index = _windows.Count - 1;
        }
        if (focus)
            GoTo(index);
        return _windows[index];
    }

    // ---- commands ----------------------------------------------------------------------------

    internal void Disconnect()
    {
        Run("disconnect", async ct =>
        {
            await _backend.DisconnectAsync(ct);
        });
    }

    /// <summary>A notice in the console from outside the screen (the login screen's "Account created.").</summary>
    internal void Announce(string text) => _ui.Post(() => Notice(LineKind.Notice, SafeText.OneLine(text)));

    internal void Register()
    {
        Notice(LineKind.Notice, "Creating the account " + Account + " …");
        Run("register", async ct =>
        {
            await _backend.RegisterAsync(ct);
            _ui.Post(() => Notice(LineKind.Notice, "Account created."));
            await _backend.ConnectAsync(ct);
        });
    }

    internal void Msg(string args)
    {
        if (TryQuotedOccupant(args, out var occupant, out var said) && TryPrivate(occupant, said))
            return;
        var (first, rest) = SplitFirst(args);
        if (TryPrivate(first, rest))
            return;
        if (!TryContact(args, "/msg JID|NAME [message]", allowDomain: false, out var jid, out rest, out var nick))
            return;
        if (nick is not null)
        {
            TryPrivate(nick, rest);
            return;
        }
        OpenChat(jid!, focus: true);
        if (rest.Length > 0)
            SendToActive(rest);
    }

    /// <summary>
    /// Reads whom a command is about from the start of <paramref name="args"/>: a JID (with an '@'); a roster name, the
    /// longest one the text starts with, or a JID's local part; in a room window the nick of an occupant
    /// (<paramref name="occupant"/>). A word that could be several is refused naming each, and a bare word that is
    /// none of these is refused too, never taken for a server's name (<c>/msg bob hi</c> went to the domain "bob"),
    /// unless <paramref name="allowDomain"/> and it has a dot (<c>/info example.org</c>). Errors go to the window shown.
    /// </summary>
    private bool TryContact(string args, string usage, bool allowDomain, out Jid? jid, out string rest, out Jid? occupant)
    {
        (jid, occupant) = (null, null);
        var (first, tail) = SplitFirst(args);
        rest = tail;
        if (first.Length == 0)
        {
            Notice(LineKind.Error, "Usage: " + usage);
            return false;
        }
        if (first.Contains('@'))
            return TryJid(first, usage, out jid);

        var contacts = _backend.GetContacts();
        var trimmed = args.Trim();
        // A roster name, possibly of several words ("Echo bot"): the longest that the line starts with.
        var byName = contacts
            .Where(c => c.Name is { Length: > 0 } n && trimmed.StartsWith(n, StringComparison.OrdinalIgnoreCase)
                && (trimmed.Length == n.Length || trimmed[n.Length] == ' '))
            .GroupBy(c => c.Name!.Length).OrderByDescending(g => g.Key).FirstOrDefault()?.ToList() ?? [];
        var matches = byName.Count > 0 ? byName : contacts
            .Where(c => string.Equals(c.Jid.Local, first, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Jid.ToString(), first, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (byName.Count > 0)
            rest = trimmed[byName[0].Name!.Length..].Trim();
        var nicks = Active.Kind == WindowKind.Room && Active.Nick is not null
            ? Active.OccupantNicks.Where(n => string.Equals(n, first, StringComparison.Ordinal)).ToList()
            : [];
        var choices = matches.Select(c => c.Jid.Bare).Distinct().ToList();
        if (choices.Count + nicks.Count > 1)
        {
            var named = choices.Select(j => "/" + usage.Split(' ')[0].TrimStart('/') + " " + SafeText.Address(j))
                .Concat(nicks.Select(n => $"/{usage.Split(' ')[0].TrimStart('/')} {SafeText.Address(Active.Peer!)}/{SafeText.NameArgument(n)}"));
            Notice(LineKind.Error, $"'{SafeText.OneLine(first)}' could be more than one: {string.Join(" or ", named)}. Nothing was sent.");
            return false;
        }
        if (nicks.Count == 1)
        {
            occupant = Active.Peer!.Bare.WithResource(nicks[0]);
            return true;
        }
        if (choices.Count == 1)
        {
            jid = choices[0];
            return true;
        }
        if (allowDomain && first.Contains('.') && Jid.TryParse(first, out var domain))
        {
            jid = domain.Bare;
            return true;
        }
        Notice(LineKind.Error, $"No contact called '{SafeText.OneLine(first)}' on the roster{(Active.Kind == WindowKind.Room ? " nor in this room" : "")}. " +
            $"Give the address as user@domain. Usage: {usage}");
        return false;
    }

    internal void RosterCommand(string args)
    {
        var (verb, rest) = SplitFirst(args);
        var (who, name) = SplitFirst(rest);
        switch (verb)
        {
            case "add" when TryJid(who, "/roster add JID [name]", out var jid):
                Run("roster add", ct => _backend.AddContactAsync(jid, name.Length > 0 ? name : null, ct), $"Added {Safe(jid)} to the roster.");
                break;
            case "remove" when TryJid(who, "/roster remove JID", out var jid):
                Run("roster remove", ct => _backend.RemoveContactAsync(jid, ct), $"Removed {Safe(jid)} from the roster.");
                break;
            case "add" or "remove":
                break;
            case "list" or "":
                ListContacts();
                break;
            default:
                Notice(LineKind.Error, "Usage: /roster [list] | add|remove JID [name]");
                break;
        }
    }

    /// <summary>/roster list: every contact, one line each, in the window shown.</summary>
    private void ListContacts()
    {
        var contacts = _backend.GetContacts().OrderBy(c => c.Name ?? c.Jid.ToString(), StringComparer.CurrentCultureIgnoreCase).ToList();
        if (contacts.Count == 0)
        {
            Notice(LineKind.Notice, "The roster is empty; /roster add JID adds a contact.");
            return;
        }
        Notice(LineKind.Notice, contacts.Count == 1 ? "1 contact:" : $"{contacts.Count} contacts:");
        foreach (var c in contacts)
        {
            var look = PresenceLooks.From(c.Show);
            var name = c.Name is { Length: > 0 } n ? SafeText.Name(n) + " <" + Safe(c.Jid) + ">" : Safe(c.Jid);
            var groups = c.Groups.Count == 0 ? "" : " [" + string.Join(", ", c.Groups.Select(SafeText.Name)) + "]";
            var status = c.Status is { Length: > 0 } st ? ": " + SafeText.OneLine(st) : "";
            var sub = c.Subscription.ToString().ToLowerInvariant() + (c.AskPending ? ", asked" : "");
            Notice(LineKind.Notice, $"  {PresenceLooks.Symbol(look)} {name} — {PresenceLooks.Name(look)}{status} (subscription {sub}){groups}");
        }
    }

    internal void Sub(string args)
    {
        var (verb, who) = SplitFirst(args);
        if (verb is not ("request" or "approve" or "deny"))
        {
            Notice(LineKind.Error, "Usage: /sub request|approve|deny JID");
            return;
        }
        if (!TryJid(who, $"/sub {verb} JID", out var jid))
            return;
        switch (verb)
        {
            case "request":
                Run("sub request", ct => _backend.RequestSubscriptionAsync(jid, ct), $"Asked {Safe(jid)} to share their presence.");
                break;
            case "approve":
                Run("sub approve", ct => _backend.ApproveSubscriptionAsync(jid, ct), $"{Safe(jid)} may now see your presence.");
                break;
            default:
                Run("sub deny", ct => _backend.DenySubscriptionAsync(jid, ct), $"Refused {Safe(jid)}'s request.");
                break;
        }
    }

    internal void Info(string args)
    {
        Jid? jid;
        if (args.Length == 0)
            jid = Active.Peer;
        else if (!TryContact(args, "/info [JID|NAME]", allowDomain: true, out jid, out _, out var occupant))
            return;
        else if (occupant is not null)
            jid = occupant;
        if (jid is null)
        {
            Notice(LineKind.Error, "Usage: /info JID (or run it in a conversation window).");
            return;
        }
        var target = Active;
        Run("info", async ct =>
        {
            var lines = await _backend.GetInfoAsync(jid, ct);
            _ui.Post(() =>
            {
                foreach (var line in lines)
                    Add(target, Notice(line));
                RaiseChanged();
            });
        });
    }

    /// <summary>/ping [JID|NAME]: the round trip to a contact or server (our server when none is given).</summary>
    internal void Ping(string args)
    {
        Jid? jid;
        if (args.Length == 0)
            jid = Jid.Parse(_backend.Account.Domain);
        else if (!TryContact(args, "/ping [JID|NAME]", allowDomain: true, out jid, out _, out var occupant))
            return;
        else if (occupant is not null)
            jid = occupant;
        var target = Active;
        var to = jid!;
        Run("ping", async ct =>
        {
            var answer = await _backend.PingAsync(to, ct);
            _ui.Post(() =>
            {
                Add(target, Notice("Pong from " + Commands.PingCommand.Describe(to.ToString(), answer)));
                RaiseChanged();
            });
        });
    }

    internal void Status(string args)
    {
        var (word, text) = SplitFirst(args);
        PresenceShow? show = word switch
        {
            "online" => PresenceShow.Online,
            "away" => PresenceShow.Away,
            "xa" => PresenceShow.Xa,
            "dnd" => PresenceShow.Dnd,
            "chat" => PresenceShow.Chat,
            _ => null,
        };
        if (show is not { } s)
        {
            Notice(LineKind.Error, "Usage: /status online|away|xa|dnd|chat [text]");
            return;
        }
        var status = text.Length > 0 ? text : null;
        Run("status", async ct =>
        {
            await _backend.SetPresenceAsync(s, status, ct);
            _ui.Post(() =>
            {
                OwnPresence = PresenceLooks.From(s);
                OwnStatus = status is null ? null : SafeText.OneLine(status);
                RaiseChanged();
            });
        });
    }

    internal void Correct(string text)
    {
        var window = Active;
        if (window.Kind != WindowKind.Chat || window.LastOwnMessageId is not { } id)
        {
            Notice(LineKind.Error, "Nothing to correct here: /correct replaces your last message in a conversation.");
            return;
        }
        if (text.Length == 0)
        {
            Notice(LineKind.Error, "Usage: /correct new text");
            return;
        }
        window.Find(id)?.Correct(Runs(text, null));
        RaiseChanged();
        // Later corrections still target the original id (XEP-0308 §4).
        Run("correct", ct => _backend.SendCorrectionAsync(window.Peer!, NewId(), id, text, ct), inOrder: true);
    }

    internal void ListUrls()
    {
        if (Active.Urls.Count == 0)
        {
            Add(Active, Notice("No links in this window."));
            return;
        }
        for (var i = 0; i < Active.Urls.Count; i++)
            Add(Active, Notice($"[{i + 1}] {Active.Urls[i]}"));
        RaiseChanged();
    }

    internal void Close(string args)
    {
        var index = ActiveIndex;
        if (args.Length > 0 && (!int.TryParse(args, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || (index = n - 1) < 0 || index >= _windows.Count))
        {
            Notice(LineKind.Error, "Usage: /close [N] with N a window number.");
            return;
        }
        if (index == 0)
        {
            Notice(LineKind.Error, "The console window stays open.");
            return;
        }
        var window = _windows[index];
        _windows.RemoveAt(index);
        if (ActiveIndex >= index)
            ActiveIndex = Math.Max(0, ActiveIndex - 1);
        Active.Unread = 0; // the window we land on is read, as after GoTo
        if (window.Kind == WindowKind.Room && window.Nick is not null)
            Run("leave", ct => Rooms.LeaveAsync(window.Peer!, ct), quiet: true);
        else if (window.Kind == WindowKind.Chat && window.Peer is { } peer)
            Run("close", ct => _backend.LeaveConversationAsync(peer, ct), inOrder: true);
        RefreshRoster();
    }

    /// <summary>/clear: empties the window shown.</summary>
    internal void ClearWindow()
    {
        Active.Clear();
        RaiseChanged();
    }

    /// <summary>/wins: every window, one line each, with its kind and unread count.</summary>
    internal void Wins()
    {
        var target = Active;
        Add(target, Notice(_windows.Count == 1 ? "1 window:" : $"{_windows.Count} windows:"));
        for (var i = 0; i < _windows.Count; i++)
        {
            var w = _windows[i];
            var what = w.Kind switch
            {
                WindowKind.Room => w.Nick is null ? " (room, not joined)" : " (room)",
                WindowKind.Private => " (private, in a room)",
                _ => "",
            };
            var state = i == ActiveIndex ? " — shown" : w.Unread > 0 ? $" — {w.Unread} unread" : "";
            target.Add(new ChatLine(_clock.GetLocalNow(), LineKind.Notice, "", [new StyledRun($"  {i + 1}: {w.Title}{what}{state}", TextStyles.None)]));
        }
        RaiseChanged();
    }

    internal void Win(string args)
    {
        if (!int.TryParse(args, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > _windows.Count)
        {
            Notice(LineKind.Error, $"Usage: /win N with N from 1 to {_windows.Count}.");
            return;
        }
        GoTo(n - 1);
        RaiseChanged();
    }

    internal void Help(string args)
    {
        var target = Active;
        if (args.Length > 0)
        {
            var command = ChatCommands.Find(args.TrimStart('/'));
            if (command is null)
            {
                Notice(LineKind.Error, $"No command /{SafeText.OneLine(args.TrimStart('/'))}; /help lists them.");
                return;
            }
            Add(target, Notice(command.Synopsis));
            Add(target, Notice("  " + command.Summary));
            RaiseChanged();
            return;
        }
        Add(target, Notice("Commands:"));
        foreach (var c in ChatCommands.All)
            Add(target, Notice($"  {c.Synopsis,-40} {c.Summary}"));
        Add(target, Notice("Keys:"));
        foreach (var (keys, _, summary) in ChatCommands.Keys)
            Add(target, Notice($"  {keys,-40} {summary}"));
        RaiseChanged();
    }

    internal void DeleteAccount()
    {
        _confirmingDelete = true;
        Notice(LineKind.Notice, $"This deletes {Account} on the server for good. Type the JID to confirm, anything else to cancel:");
    }

    internal void Quit()
    {
        Run("quit", async ct =>
        {
            try
            {
                await _backend.DisconnectAsync(ct);
            }
            finally
            {
                _ui.Post(() => QuitRequested?.Invoke(this, EventArgs.Empty));
            }
        });
    }

    /// <summary>Sends <paramref name="text"/> to the window shown (a /me action when it starts so).</summary>
    internal void SendToActive(string text)
    {
        var window = Active;
        if (window.Kind is WindowKind.Room or WindowKind.Private)
        {
            SendToRoom(window, text);
            return;
        }
        if (window.Kind != WindowKind.Chat || window.Peer is not { } peer)
        {
            Notice(LineKind.Error, "This is the console: open a conversation with /msg JID, or type /help.");
            return;
        }
        if (Connection != ConnectionStatus.Online)
        {
            if (!_backend.CanQueueOffline)
            {
                Notice(LineKind.Error, "Not connected; /connect first. The message was not sent.");
                return;
            }
            var queuedId = NewId();
            Add(window, OwnLine(text, queuedId));
            window.LastOwnMessageId = queuedId;
            Notice(LineKind.Notice, "Offline: the message waits in the outbox and goes out when the connection is back.");
            Run("queue", ct => _backend.QueueMessageAsync(peer, queuedId, text, ct));
            return;
        }
        var id = NewId();
        Add(window, OwnLine(text, id));
        window.LastOwnMessageId = id;
        RaiseChanged();
        Run("send", ct => _backend.SendMessageAsync(peer, id, text, ct), inOrder: true);
    }

    private void ConfirmDelete(string typed)
    {
        _confirmingDelete = false;
        if (!string.Equals(typed, _backend.Account.Bare.ToString(), StringComparison.Ordinal))
        {
            Notice(LineKind.Notice, "Not deleted.");
            return;
        }
        Notice(LineKind.Notice, "Deleting the account …");
        Run("delete-account", async ct =>
        {
            await _backend.DeleteAccountAsync(ct);
            _ui.Post(() =>
            {
                Notice(LineKind.Notice, "The account is deleted.");
                AccountDeleted?.Invoke(this, EventArgs.Empty);
            });
        });
    }

    private void OnTyping()
    {
        var text = Input.Text;
        if (text.Length == 0 || text.StartsWith('/') && !text.StartsWith("/me ", StringComparison.Ordinal))
            return;
        if (Active.Kind == WindowKind.Chat && Active.Peer is { } peer && Connection == ConnectionStatus.Online)
            Run("chat state", ct => _backend.TypingAsync(peer, ct), quiet: true, inOrder: true);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>Runs backend work off the UI thread; failures become error lines in the console.</summary>
    /// <param name="what">Names the work in an error line.</param>
    /// <param name="work">The work.</param>
    /// <param name="done">A notice once it worked, if any.</param>
    /// <param name="quiet">Failures are not shown (best-effort work such as chat states).</param>
    /// <param name="inOrder">The work is started here, on the calling (UI) thread, so that it reaches the backend
    /// in the order the user acted: chat states and the messages they belong to (the backend only queues them,
    /// in call order, and returns). Work started on the thread pool could overtake the work started before it.</param>
    internal void Run(string what, Func<CancellationToken, Task> work, string? done = null, bool quiet = false, bool inOrder = false)
    {
        Task? started = null;
        if (inOrder)
        {
            try
            {
                started = work(CancellationToken.None);
            }
            catch (Exception ex)
            {
                started = Task.FromException(ex);
            }
        }
        var task = Task.Run(async () =>
        {
            try
            {
                await (started ?? work(CancellationToken.None));
                if (done is not null)
                    _ui.Post(() => Notice(LineKind.Notice, done));
            }
            catch (Exception ex) when (!quiet)
            {
                _ui.Post(() => Notice(LineKind.Error, $"{what}: {SafeText.OneLine(ex.Message)}"));
            }
            catch (Exception)
            {
                // Chat states are best effort; the next message reports a broken link.
            }
        });
        lock (_pending)
        {
            _pending.RemoveAll(t => t.IsCompleted);
            _pending.Add(task);
        }
    }

    private bool TryJid(string text, string usage, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Jid? jid)
    {
        if (Jid.TryParse(text, out jid))
        {
            jid = jid.Bare;
            return true;
        }
        Notice(LineKind.Error, text.Length == 0 ? "Usage: " + usage : $"'{SafeText.OneLine(text)}' is not a valid JID. Usage: {usage}");
        return false;
    }

    internal static (string Head, string Tail) SplitFirst(string s)
    {
        s = s.Trim();
        var space = s.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (s, "") : (s[..space], s[(space + 1)..].Trim());
    }

    private static string NewId() => "m" + Guid.NewGuid().ToString("N")[..16];

    private static string Safe(Jid jid) => SafeText.Address(jid);

    internal void Notice(LineKind kind, string safeText)
    {
        // Notices go to the window shown, so the user sees the answer to what they typed.
        Add(Active, new ChatLine(_clock.GetLocalNow(), kind, "", [new StyledRun(safeText, TextStyles.None)]));
        RaiseChanged();
    }

    internal ChatLine Notice(string rawText) =>
        new(_clock.GetLocalNow(), LineKind.Notice, "", [new StyledRun(SafeText.Sanitize(rawText), TextStyles.None)]);

    private ChatLine OwnLine(string text, string? id)
    {
        if (MeCommand.TryGetAction(text, out var action))
            return new ChatLine(_clock.GetLocalNow(), LineKind.Action, "me", Runs(action, null), id);
        return new ChatLine(_clock.GetLocalNow(), LineKind.Mine, "me", Runs(text, null), id);
    }

    /// <summary>Styled runs for a body: XHTML-IM when given, else XEP-0393 styling; every run sanitised.</summary>
    internal static IReadOnlyList<StyledRun> Runs(string body, StyledText? rich)
    {
        var styled = rich ?? MessageStyling.Parse(body);
        return styled.Runs.Select(r => r with { Text = SafeText.Sanitize(r.Text, allowLineBreaks: true) }).ToList();
    }

    private static void Add(ConversationModel window, ChatLine line)
    {
        window.Add(line);
    }

    internal void RefreshRoster()
    {
        if (Active.Kind == WindowKind.Room)
        {
            // The room's name alone: the title row has the whole address (the pane cut it at 25 columns).
            Roster.ShowOccupants(Active.Peer?.Local is { } local ? SafeText.OneLine(local) : Active.Title, Active.Occupants);
            RaiseChanged();
            return;
        }
        Roster.Update(_backend.GetContacts(), _backend.GetPendingRequests(),
            jid => _windows.FirstOrDefault(w => w.Peer is not null && w.Peer.BareEquals(jid))?.Unread ?? 0);
        foreach (var w in _windows.Where(w => w.Kind == WindowKind.Chat))
            w.Title = Roster.DisplayName(w.Peer!);
        RaiseChanged();
    }

    internal void RaiseChanged() => Changed?.Invoke(this, EventArgs.Empty);

    private void SetConnection(ConnectionStatus state, string? detail)
    {
        if (state == Connection && detail is null && state != ConnectionStatus.Online)
            return; // told already ("Disconnected." came twice: from logging out and from the closed connection)
        Connection = state;
        if (state == ConnectionStatus.Online && OwnPresence == PresenceLook.Offline)
            OwnPresence = PresenceLook.Online;
        if (state != ConnectionStatus.Online)
            OwnPresence = PresenceLook.Offline;
        var text = state switch
        {
            ConnectionStatus.Online => "Connected as " + Account + ".",
            ConnectionStatus.Connecting => "Connecting …",
            ConnectionStatus.Reconnecting => "Connection lost; reconnecting …",
            _ => "Disconnected.",
        };
        if (detail is not null)
            text += " " + SafeText.OneLine(detail);
        Console.Add(new ChatLine(_clock.GetLocalNow(), state == ConnectionStatus.Reconnecting ? LineKind.Error : LineKind.Notice, "", [new StyledRun(text, TextStyles.None)]));
        RefreshRoster();
    }

    // ---- IChatEventSink (any thread) -----------------------------------------------------------

    void IChatEventSink.OnMessage(IncomingMessage message) => _ui.Post(() =>
    {
        var window = OpenChat(message.Peer, focus: false, message, out _);
        if (message.Id is not null && window.Find(message.Id) is not null)
            return; // already shown (a carbon and its original, or an archive replay)
        ChatLine line;
        if (message.Outgoing)
            line = OwnLine(message.Body, message.Id);
        else if (MeCommand.TryGetAction(message.Body, out var action))
            line = new ChatLine(message.Time, LineKind.Action, window.Title, Runs(action, null), message.Id);
        else
            line = new ChatLine(message.Time, LineKind.Theirs, window.Title, Runs(message.Body, message.Rich), message.Id);
        window.TypingNotice = null;
        Add(window, line);
        if (window != Active)
            Arrived(window, ring: true);
        RefreshRoster();
    });

    /// <summary>A message arrived in <paramref name="window"/>, which is not shown: it counts as unread, rings the
    /// bell when asked, and the first unread one is announced in the console, naming the window to go to (a new
    /// conversation would otherwise open unseen).</summary>
    private void Arrived(ConversationModel window, bool ring)
    {
        if (window.Unread++ == 0)
        {
            var number = _windows.IndexOf(window) + 1;
            var keys = number <= 10 ? $"Alt+{number % 10} or " : "";
            Console.Add(Notice($"New message from {window.Title} in window {number} ({keys}/win {number})."));
        }
        if (ring)
            Bell?.Invoke(this, EventArgs.Empty);
    }

    void IChatEventSink.OnChatState(Jid from, ChatState state) => _ui.Post(() =>
    {
        var window = _windows.FirstOrDefault(w => w.Kind == WindowKind.Chat && w.Peer!.BareEquals(from));
        if (window is null)
            return;
        window.TypingNotice = state switch
        {
            ChatState.Composing => window.Title + " is typing…",
            ChatState.Paused => window.Title + " stopped typing.",
            _ => null,
        };
        RaiseChanged();
    });

    void IChatEventSink.OnReceipt(Jid from, string id) => _ui.Post(() =>
    {
        foreach (var w in _windows.Where(w => w.Peer is not null && w.Peer.BareEquals(from)))
        {
            if (w.Find(id) is { } line)
                line.Delivered = true;
        }
        RaiseChanged();
    });

    void IChatEventSink.OnCorrection(Jid from, string replaceId, string body) => _ui.Post(() =>
    {
        // Only the sender's own message may be corrected (XEP-0308 §5).
        var window = _windows.FirstOrDefault(w => w.Kind == WindowKind.Chat && w.Peer!.BareEquals(from));
        if (window?.Find(replaceId) is { Kind: LineKind.Theirs or LineKind.Action } line)
            line.Correct(Runs(body, null));
        RaiseChanged();
    });

    void IChatEventSink.OnRosterChanged() => _ui.Post(() =>
    {
        // "… is typing" ends when the contact goes offline: no "paused" or message will come to end it.
        var contacts = _backend.GetContacts();
        foreach (var w in _windows.Where(w => w.Kind == WindowKind.Chat && w.TypingNotice is not null))
        {
            if (contacts.FirstOrDefault(c => c.Jid.BareEquals(w.Peer!)) is { Show: null })
                w.TypingNotice = null;
        }
        RefreshRoster();
    });

    void IChatEventSink.OnSubscriptionRequest(Jid from, string? status) => _ui.Post(() =>
    {
        var text = $"{SafeText.Address(from.Bare)} asks to see your presence" +
                   (string.IsNullOrWhiteSpace(status) ? "" : $" (\"{SafeText.OneLine(status)}\")") +
                   $". /sub approve {SafeText.OneLine(from.Bare.ToString())} or /sub deny ….";
        Console.Add(new ChatLine(_clock.GetLocalNow(), LineKind.Notice, "", [new StyledRun(text, TextStyles.None)]));
        if (Active != Console)
            Console.Unread++;
        Bell?.Invoke(this, EventArgs.Empty);
        RefreshRoster();
    });

    void IChatEventSink.OnConnectionState(ConnectionStatus state, string? detail) => _ui.Post(() => SetConnection(state, detail));

    void IChatEventSink.OnNotice(string text) => _ui.Post(() =>
    {
        Console.Add(Notice(text));
        if (Active != Console)
            Console.Unread++;
        RaiseChanged();
    });
}
