using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Styling;

namespace Magpie.Cli.Presentation;

/// <summary>The group chat half of the screen model: /join, /leave, /invite, /bookmark, room windows,
/// private messages with occupants, and the room events.</summary>
internal sealed partial class ClientViewModel
{
    /// <summary>Opens (or finds) the window of <paramref name="room"/>.</summary>
    public ConversationModel OpenRoom(Jid room, bool focus)
    {
        var bare = room.Bare;
        var index = _windows.FindIndex(w => w.Kind == WindowKind.Room && w.Peer!.BareEquals(bare));
        if (index < 0)
        {
            _windows.Add(new ConversationModel(WindowKind.Room, SafeText.Address(bare), bare));
            index = _windows.Count - 1;
            LoadRoomHistory(_windows[index]);
        }
        if (focus)
            GoTo(index);
        return _windows[index];
    }

    /// <summary>Opens (or finds) the private window with a room occupant (room@service/nick).</summary>
    public ConversationModel OpenPrivate(Jid occupant, bool focus)
    {
        var index = _windows.FindIndex(w => w.Kind == WindowKind.Private && w.Peer!.Equals(occupant));
        if (index < 0)
        {
            _windows.Add(new ConversationModel(WindowKind.Private, SafeText.Name(occupant.Resource) + " in " + SafeText.Address(occupant.Bare), occupant));
            index = _windows.Count - 1;
        }
        if (focus)
            GoTo(index);
        return _windows[index];
    }

    internal void Join(string args)
    {
        var (first, password) = SplitFirst(args);
        if (first.Length == 0 || !Jid.TryParse(first, out var jid) || jid.Local is null)
        {
            Notice(LineKind.Error, first.Length == 0 ? "Usage: /join room@service[/nick] [password]" : $"'{SafeText.OneLine(first)}' is not a room JID. Usage: /join room@service[/nick] [password]");
            return;
        }
        var room = jid.Bare;
        var nick = jid.Resource ?? _backend.Account.Local ?? "magpie";
        var window = OpenRoom(room, focus: true);
        Add(window, Notice($"Joining {room} as {nick} …"));
        RaiseChanged();
        Run("join", async ct =>
        {
            if (await Rooms.JoinAsync(room, nick, password.Length > 0 ? password : null, ct))
                _ui.Post(() =>
                {
                    Add(window, Notice($"Created {room}: it did not exist, so it was made as an instant room (the service's default configuration). Others can join it now."));
                    RaiseChanged();
                });
        });
    }

    // ---- moderation: each acts on the room shown, and says the outcome (or the refusal) once, in that room ----

    private static readonly string[] Affiliations = ["owner", "admin", "member", "outcast", "none"];
    private static readonly string[] Roles = ["moderator", "participant", "visitor", "none"];

    /// <summary>The room window shown, when we are in it; else an error line with the command's usage.</summary>
    private ConversationModel? JoinedRoom(string usage)
    {
        if (Active.Kind != WindowKind.Room)
        {
            Notice(LineKind.Error, $"Only in a room window. Usage: {usage}");
            return null;
        }
        if (Active.Nick is null)
        {
            Notice(LineKind.Error, "Not in this room; /join it first.");
            return null;
        }
        return Active;
    }

    /// <summary>
    /// The NICK (or NICK|JID) argument of a command: a plain word, or a name as the screen shows it, quoted with
    /// its escapes (and marker) — what Tab completion inserts — read back to the exact nick by
    /// <see cref="SafeText.ReadName"/>. A missing or broken one is an error line with the usage.
    /// </summary>
    private bool TryReadNick(string args, string usage, out string nick, out string rest)
    {
        var read = SafeText.ReadName(args);
        if (read is { Name.Length: > 0 })
        {
            (nick, rest) = read.Value;
            return true;
        }
        (nick, rest) = ("", "");
        Notice(LineKind.Error, read is null
            ? $"'{SafeText.OneLine(args)}' is not a quoted name (a closing quote, and escapes such as \\\" \\\\ \\u200b). Usage: {usage}"
            : "Usage: " + usage);
        return false;
    }

    /// <summary>Runs a room request off the UI thread; its refusal is one error line in <paramref name="window"/>.</summary>
    private void RunInRoom(ConversationModel window, string what, Func<CancellationToken, Task<string?>> work)
    {
        Run(what, async ct =>
        {
            string? done;
            try
            {
                done = await work(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _ui.Post(() =>
                {
                    Add(window, new ChatLine(_clock.GetLocalNow(), LineKind.Error, "", [new StyledRun($"{what}: {SafeText.OneLine(ex.Message)}", TextStyles.None)]));
                    RaiseChanged();
                });
                return;
            }
            if (done is not null)
                _ui.Post(() =>
                {
                    Add(window, Notice(done));
                    RaiseChanged();
                });
        });
    }

    internal void Kick(string args)
    {
        const string usage = "/kick NICK [reason]";
        if (JoinedRoom(usage) is not { } window)
            return;
        if (!TryReadNick(args, usage, out var nick, out var reason))
            return;
        // The room announces the removal to everyone (us included): that line is the confirmation.
        RunInRoom(window, "/kick " + SafeText.Name(nick), async ct =>
        {
            await Rooms.KickAsync(window.Peer!, nick, reason.Length > 0 ? reason : null, ct);
            return null;
        });
    }

    internal void Ban(string args)
    {
        const string usage = "/ban NICK|JID [reason]";
        if (JoinedRoom(usage) is not { } window)
            return;
        if (!TryReadNick(args, usage, out var target, out var reason))
            return;
        RunInRoom(window, "/ban " + SafeText.Name(target), async ct =>
        {
            var user = await Rooms.BanAsync(window.Peer!, target, reason.Length > 0 ? reason : null, ct);
            return $"Banned {user} from {window.Peer}.";
        });
    }

    internal void Topic(string args)
    {
        const string usage = "/topic TEXT";
        if (JoinedRoom(usage) is not { } window)
            return;
        if (args.Trim().Length == 0)
        {
            Notice(LineKind.Error, "Usage: " + usage + " (the subject is shown in the title row).");
            return;
        }
        // The room echoes the new subject (shown as a notice), or bounces it with an error notice.
        RunInRoom(window, "/topic", async ct =>
        {
            await Rooms.SetSubjectAsync(window.Peer!, args.Trim(), ct);
            return null;
        });
    }

    internal void Nick(string args)
    {
        const string usage = "/nick NEWNICK";
        if (JoinedRoom(usage) is not { } window)
            return;
        var nick = args.Trim();
        if (nick.Length == 0)
        {
            Notice(LineKind.Error, "Usage: " + usage);
            return;
        }
        // The room announces the change ("… is now known as …"), which also retitles the window.
        RunInRoom(window, "/nick", async ct =>
        {
            await Rooms.ChangeNickAsync(window.Peer!, nick, ct);
            return null;
        });
    }

    internal void Affiliation(string args)
    {
        const string usage = "/affiliation NICK|JID owner|admin|member|outcast|none";
        if (JoinedRoom(usage) is not { } window)
            return;
        if (!TryReadNick(args, usage, out var target, out var value))
            return;
        value = value.ToLowerInvariant();
        if (!Affiliations.Contains(value))
        {
            Notice(LineKind.Error, "Usage: " + usage);
            return;
        }
        RunInRoom(window, "/affiliation " + SafeText.Name(target), async ct =>
        {
            var user = await Rooms.SetAffiliationAsync(window.Peer!, target, value, ct);
            return $"{user} is now {value} in {window.Peer}.";
        });
    }

    internal void Role(string args)
    {
        const string usage = "/role NICK moderator|participant|visitor|none";
        if (JoinedRoom(usage) is not { } window)
            return;
        if (!TryReadNick(args, usage, out var nick, out var value))
            return;
        value = value.ToLowerInvariant();
        if (!Roles.Contains(value))
        {
            Notice(LineKind.Error, "Usage: " + usage);
            return;
        }
        // The room announces the new role (or the removal, for none).
        RunInRoom(window, "/role " + SafeText.Name(nick), async ct =>
        {
            await Rooms.SetRoleAsync(window.Peer!, nick, value, ct);
            return null;
        });
    }

    internal void Leave(string args)
    {
        Jid? room = null;
        if (args.Length > 0 && Jid.TryParse(args, out var parsed))
            room = parsed.Bare;
        else if (args.Length == 0 && Active.Kind == WindowKind.Room)
            room = Active.Peer;
        if (room is null)
        {
            Notice(LineKind.Error, "Usage: /leave [room@service] (in a room window, the room shown).");
            return;
        }
        Run("leave", ct => Rooms.LeaveAsync(room, ct));
    }

    internal void Invite(string args)
    {
        var (who, where) = SplitFirst(args);
        Jid? room = null;
        if (where.Length > 0 && Jid.TryParse(where, out var parsed))
            room = parsed.Bare;
        else if (where.Length == 0 && Active.Kind == WindowKind.Room)
            room = Active.Peer;
        if (room is null || !Jid.TryParse(who, out var invitee))
        {
            Notice(LineKind.Error, "Usage: /invite JID [room@service] (in a room window, the room shown).");
            return;
        }
        Run("invite", ct => Rooms.InviteAsync(room, invitee.Bare, ct), $"Invited {SafeText.Address(invitee.Bare)} to {SafeText.Address(room)}.");
    }

    internal void Bookmark(string args)
    {
        var (verb, rest) = SplitFirst(args);
        Jid? room = null;
        if (rest.Length > 0 && Jid.TryParse(rest, out var parsed))
            room = parsed;
        else if (rest.Length == 0 && Active.Kind == WindowKind.Room)
            room = Active.Peer;
        var target = Active;
        switch (verb)
        {
            case "" or "list":
                Run("bookmark list", async ct =>
                {
                    var lines = await Rooms.ListBookmarksAsync(ct);
                    _ui.Post(() =>
                    {
                        Add(target, Notice(lines.Count == 0 ? "No bookmarks." : "Bookmarks:"));
                        foreach (var line in lines)
                            Add(target, Notice("  " + line));
                        RaiseChanged();
                    });
                });
                break;
            case "add" when room is not null:
                var nick = room.Resource ?? target.Nick ?? _backend.Account.Local;
                Run("bookmark add", ct => Rooms.AddBookmarkAsync(room.Bare, nick, ct), $"Bookmarked {SafeText.Address(room.Bare)} (joined at login).");
                break;
            case "remove" when room is not null:
                Run("bookmark remove", ct => Rooms.RemoveBookmarkAsync(room.Bare, ct), $"Removed the bookmark of {SafeText.Address(room.Bare)}.");
                break;
            default:
                Notice(LineKind.Error, "Usage: /bookmark [list] | add|remove [room@service[/nick]]");
                break;
        }
    }

    /// <summary>
    /// <c>/msg room@service/"nick" [message]</c>: an occupant whose nick is typed as the screen shows it (quoted,
    /// with <see cref="SafeText.ReadName"/>'s escapes), e.g. one with a space in it.
    /// </summary>
    private static bool TryQuotedOccupant(string args, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Jid? occupant, out string rest)
    {
        (occupant, rest) = (null, "");
        args = args.Trim();
        var slash = args.IndexOf("/\"", StringComparison.Ordinal);
        if (slash <= 0 || args.AsSpan(0, slash).Contains(' ')
            || SafeText.ReadName(args[(slash + 1)..]) is not { Name.Length: > 0 } read
            || !Jid.TryParse(args[..slash], out var room) || room.Resource is not null)
            return false;
        try
        {
            occupant = room.WithResource(read.Name);
        }
        catch (JidFormatException)
        {
            return false;
        }
        rest = read.Tail;
        return true;
    }

    /// <summary>/msg room@service/nick: a private message when the room is one of ours.</summary>
    private bool TryPrivate(string first, string rest) => Jid.TryParse(first, out var jid) && TryPrivate(jid, rest);

    private bool TryPrivate(Jid jid, string rest)
    {
        if (jid.Resource is null)
            return false;
        if (!_windows.Any(w => w.Kind == WindowKind.Room && w.Peer!.BareEquals(jid)))
            return false;
        OpenPrivate(jid, focus: true);
        if (rest.Length > 0)
            SendToActive(rest);
        RaiseChanged();
        return true;
    }

    private void SendToRoom(ConversationModel window, string text)
    {
        if (Connection != ConnectionStatus.Online)
        {
            Notice(LineKind.Error, "Not connected; /connect first. The message was not sent.");
            return;
        }
        var target = window.Peer!;
        if (window.Kind == WindowKind.Private)
        {
            Add(window, OwnLine(text, null));
            RaiseChanged();
            Run("send", ct => Rooms.SendPrivateAsync(target, text, ct));
            return;
        }
        if (window.Nick is null)
        {
            Notice(LineKind.Error, "Not in this room; /join it first.");
            return;
        }
        // The room echoes our message back; that echo is the line we show, so it is shown once and in room order.
        Run("send", ct => Rooms.SendAsync(target, text, ct));
    }

    private void RoomLine(ConversationModel window, ChatLine line, bool ring)
    {
        Add(window, line);
        if (window != Active && window.Kind == WindowKind.Private)
            Arrived(window, ring); // a private message is announced like a conversation
        else if (window != Active)
        {
            window.Unread++;
            if (ring)
                Bell?.Invoke(this, EventArgs.Empty);
        }
        RaiseChanged();
    }

    private void RefreshOccupants(ConversationModel window)
    {
        static int Rank(string role) => role switch { "moderator" => 0, "participant" => 1, _ => 2 };
        var occupants = Rooms.GetOccupants(window.Peer!)
            .OrderBy(o => Rank(o.Role)).ThenBy(o => o.Nick, StringComparer.CurrentCultureIgnoreCase).ThenBy(o => o.Nick, StringComparer.Ordinal)
            .ToList();
        window.Occupants = occupants.Select(o => (o.Role switch { "moderator" => "@", "participant" => "+", _ => " " }) + SafeText.Name(o.Nick)).ToList();
        window.OccupantNicks = occupants.Select(o => o.Nick).ToList();
        if (window == Active)
            RefreshRoster();
    }

    /// <summary>The nick as a word of its own: "me" is mentioned in "hi me!" but not in "someone".</summary>
    internal static bool Mentions(string body, string nick) =>
        nick.Length > 0 && System.Text.RegularExpressions.Regex.IsMatch(body, @"(?<![\w])" + System.Text.RegularExpressions.Regex.Escape(nick) + @"(?![\w])",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    // ---- IRoomEventSink (any thread) -----------------------------------------------------------

    void IRoomEventSink.OnRoomJoined(Jid room, string nick, string? subject) => _ui.Post(() =>
    {
        var window = OpenRoom(room, focus: false);
        window.Nick = nick;
        if (subject is not null)
            window.Subject = SafeText.OneLine(subject);
        Add(window, Notice($"You joined {SafeText.Address(room)} as {SafeText.Name(nick)}."));
        RefreshOccupants(window);
        RaiseChanged();
    });

    void IRoomEventSink.OnRoomLeft(Jid room, string? reason) => _ui.Post(() =>
    {
        var window = _windows.FirstOrDefault(w => w.Kind == WindowKind.Room && w.Peer!.BareEquals(room));
        if (window is null)
            return;
        window.Nick = null;
        window.Occupants = [];
        Add(window, Notice($"You left {room}." + (reason is null ? "" : " " + reason)));
        if (window == Active)
            RefreshRoster();
        RaiseChanged();
    });

    void IRoomEventSink.OnRoomMessage(Jid room, string? nick, string? id, string body, bool own, DateTimeOffset time) => _ui.Post(() =>
    {
        var window = OpenRoom(room, focus: false);
        var sender = SafeText.Name(nick);
        ChatLine line;
        if (nick is null)
            line = Notice(body);
        else if (MeCommand.TryGetAction(body, out var action))
            line = new ChatLine(time, LineKind.Action, sender, Runs(action, null), id);
        else
        {
            var mention = !own && window.Nick is { } me && Mentions(body, me);
            line = new ChatLine(time, own ? LineKind.Mine : mention ? LineKind.Mention : LineKind.Theirs, sender, Runs(body, null), id);
        }
        RoomLine(window, line, ring: line.Kind == LineKind.Mention);
    });

    void IRoomEventSink.OnRoomPresence(Jid room, string text) => _ui.Post(() =>
    {
        var window = _windows.FirstOrDefault(w => w.Kind == WindowKind.Room && w.Peer!.BareEquals(room));
        if (window is null)
            return;
        // Our own nick may be what changed (/nick): the title, mentions and completion follow the room.
        if (window.Nick is not null && Rooms.GetNick(room) is { } nick)
            window.Nick = nick;
        Add(window, Notice(text));
        RefreshOccupants(window);
        RaiseChanged();
    });

    void IRoomEventSink.OnRoomSubject(Jid room, string? nick, string subject) => _ui.Post(() =>
    {
        var window = OpenRoom(room, focus: false);
        window.Subject = SafeText.OneLine(subject);
        Add(window, Notice(nick is null ? $"Subject: {subject}" : $"{SafeText.Name(nick)} set the subject to: {subject}"));
        RaiseChanged();
    });

    void IRoomEventSink.OnPrivateMessage(Jid occupant, string? id, string body, DateTimeOffset time) => _ui.Post(() =>
    {
        var window = OpenPrivate(occupant, focus: false);
        var sender = SafeText.Name(occupant.Resource);
        var line = MeCommand.TryGetAction(body, out var action)
            ? new ChatLine(time, LineKind.Action, sender, Runs(action, null), id)
            : new ChatLine(time, LineKind.Theirs, sender, Runs(body, null), id);
        RoomLine(window, line, ring: true);
    });

    void IRoomEventSink.OnInvitation(Jid room, Jid? from, string? reason, string? password) => _ui.Post(() =>
    {
        var text = $"{(from is null ? "Someone" : SafeText.Address(from.Bare))} invites you to {SafeText.Address(room)}" +
                   (string.IsNullOrWhiteSpace(reason) ? "" : $" (\"{reason}\")") +
                   $". Type /join {room}" + (password is null ? "" : " " + password) + " to accept.";
        Console.Add(Notice(text));
        if (Active != Console)
            Console.Unread++;
        Bell?.Invoke(this, EventArgs.Empty);
        RaiseChanged();
    });
}
