using Magpie.Cli.Presentation;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Bookmarks;
using Magpie.Xmpp.Extensions.Delay;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Session;

/// <summary>Rooms for the client screen over the library's <see cref="MucExtension"/> and
/// <see cref="BookmarksExtension"/> (which joins autojoin bookmarks at login; the Muc extension rejoins
/// rooms on a new session). Events become <see cref="IRoomEventSink"/> calls.</summary>
internal sealed class XmppRoomService : IRoomService
{
    private readonly MucExtension _muc;
    private readonly BookmarksExtension _bookmarks;
    private readonly StanzaIdsExtension _stanzaIds;
    private readonly HistoryStore? _history;
    private readonly Jid _account;
    private IRoomEventSink? _sink;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Jid, bool> _known = new();

    /// <summary>Adds the extensions to <paramref name="client"/>.</summary>
    /// <param name="client">The connection.</param>
    /// <param name="account">Our account.</param>
    /// <param name="history">The local history that room messages are kept in, or null to keep none.</param>
    public XmppRoomService(XmppClient client, Jid account, HistoryStore? history = null)
    {
        _muc = client.Use(new MucExtension());
        _bookmarks = client.Use(new BookmarksExtension());
        _stanzaIds = client.GetExtension<StanzaIdsExtension>() ?? client.Use(new StanzaIdsExtension { AddOriginId = false });
        _account = account;
        _history = history;
        _muc.RoomJoined += (_, e) =>
        {
            // A room joined by autojoin or rejoin: learn (once a session) whether its stanza-ids can be trusted.
            _ = _stanzaIds.SupportsStanzaIdsAsync(e.Room.Jid);
            _known[e.Room.Jid.Bare] = true;
            _sink?.OnRoomJoined(e.Room.Jid, e.Room.Nick, e.Room.Subject);
        };
        _muc.RoomLeft += (_, e) => _sink?.OnRoomLeft(e.Room.Jid, LeaveText(e));
        _muc.MessageReceived += (_, e) =>
        {
            var now = DateTimeOffset.Now;
            if (e.Message.Body is { } body && e.ReplaceId is null)
            {
                var sent = e.Time.ToLocalTime(); // the room's stamp for history, else when it arrived
                Keep(e, now, () => _sink?.OnRoomMessage(e.Room.Jid, e.Nick, e.Message.Id, body, e.IsOwn, sent));
            }
        };
        _muc.OccupantJoined += (_, e) =>
        {
            if (e.Occupant.Nick != e.Room.Nick)
                _sink?.OnRoomPresence(e.Room.Jid, $"{SafeText.Name(e.Occupant.Nick)} joined ({Role(e.Occupant.Role)}).");
        };
        _muc.OccupantChanged += (_, e) => _sink?.OnRoomPresence(e.Room.Jid, $"{SafeText.Name(e.Occupant.Nick)} is now {Role(e.Occupant.Role)}" + (e.Occupant.Status is null ? "." : $": {e.Occupant.Status}"));
        _muc.OccupantLeft += (_, e) => _sink?.OnRoomPresence(e.Room.Jid, $"{SafeText.Name(e.Occupant.Nick)} {OccupantLeftText(e)}" + (e.ReasonText is null ? "." : $": {e.ReasonText}"));
        _muc.NickChanged += (_, e) => _sink?.OnRoomPresence(e.Room.Jid, $"{SafeText.Name(e.OldNick)} is now known as {SafeText.Name(e.Occupant.Nick)}.");
        _muc.SubjectChanged += (_, e) => _sink?.OnRoomSubject(e.Room.Jid, e.Nick, e.Subject);
        _muc.PrivateMessageReceived += (_, e) =>
        {
            if (e.Message.Body is { } body)
                _sink?.OnPrivateMessage(e.OccupantJid, e.Message.Id, body, e.Time.ToLocalTime());
        };
        _muc.MessageErrorReceived += (_, e) => _sink?.OnRoomPresence(e.Room.Jid,
            (e.Message.Subject is not null && e.Message.Body is null ? "The room refused the subject change: "
                : e.Nick is null ? "Not delivered: " : $"Not delivered to {SafeText.Name(e.Nick)}: ")
            + e.Error.Condition + (e.Error.Text is { } text ? " — " + text : "") + ".");
        _muc.InvitationReceived += (_, e) => _sink?.OnInvitation(e.Room, e.From, e.Reason, e.Password);
        _bookmarks.AutojoinFailed += (_, e) => _sink?.OnRoomLeft(e.Bookmark.Room, "autojoin failed: " + e.Error.Message);
        _bookmarks.BookmarkChanged += (_, e) =>
        {
            if (e.Bookmark is null)
                _known.TryRemove(e.Room.Bare, out bool _);
            else
                _known[e.Room.Bare] = true;
        };
        // The bookmarks, read once a session, so Tab after /join offers them without asking the server then.
        client.SessionStarted += (_, _) => _ = ReadBookmarksAsync();
    }

    /// <inheritdoc />
    public IReadOnlyList<Jid> KnownRooms => _known.Keys.ToList();

    private async Task ReadBookmarksAsync()
    {
        try
        {
            foreach (var b in await _bookmarks.GetBookmarksAsync())
                _known[b.Room.Bare] = true;
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException or InvalidOperationException)
        {
            // Completion without the bookmarks; /bookmark list says what is wrong.
        }
    }

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <summary>Whether <paramref name="jid"/> is (the bare JID of) a room we are in: its chat messages are private messages.</summary>
    public bool IsRoom(Jid jid) => _muc.GetRoom(jid.Bare) is not null;

    /// <inheritdoc />
    public void Attach(IRoomEventSink sink) => _sink = sink;

    /// <inheritdoc />
    public IReadOnlyList<RoomOccupantInfo> GetOccupants(Jid room) =>
        _muc.GetRoom(room.Bare)?.Occupants.Select(o => new RoomOccupantInfo(o.Nick, Role(o.Role))).ToList() ?? [];

    /// <inheritdoc />
    public string? GetNick(Jid room) => _muc.GetRoom(room.Bare)?.Nick;

    /// <inheritdoc />
    public IReadOnlyList<PastMessage> GetHistory(Jid room, int limit)
    {
        if (_history is null)
            return [];
        return _history.GetConversation(room.Bare, limit)
            .Where(m => m.Body is not null && m.ReplaceId is null && m.Type == "groupchat")
            .Select(m => new PastMessage(m.Time.ToLocalTime(), m.Direction == MessageDirection.Out, m.Body!, m.MessageId)
            {
                Nick = m.Sender is { } sender && Jid.TryParse(sender, out var occupant) ? occupant.Resource : null,
            })
            .ToList();
    }

    /// <inheritdoc />
    public async Task<bool> JoinAsync(Jid room, string nick, string? password, CancellationToken cancellationToken = default)
    {
        // Learned before joining, so that the history the room replays keeps the room's stanza-ids.
        await _stanzaIds.SupportsStanzaIdsAsync(room.Bare, cancellationToken);
        // The library opens a room our join created (an instant room) before it returns.
        var joined = await _muc.JoinAsync(room, nick, new MucJoinOptions { Password = password, MaxStanzas = 20 }, cancellationToken);
        return joined.IsNewlyCreated;
    }

    /// <inheritdoc />
    public Task KickAsync(Jid room, string nick, string? reason, CancellationToken cancellationToken = default) =>
        Moderate(() => Room(room).KickAsync(nick, reason, cancellationToken), "kick (moderators only)");

    /// <inheritdoc />
    public async Task<Jid> BanAsync(Jid room, string nickOrJid, string? reason, CancellationToken cancellationToken = default)
    {
        var joined = Room(room);
        var user = FindUser(joined, nickOrJid);
        await Moderate(() => joined.BanAsync(user, reason, cancellationToken), "ban (admins and owners only)");
        return user;
    }

    /// <inheritdoc />
    public Task SetSubjectAsync(Jid room, string subject, CancellationToken cancellationToken = default) =>
        Room(room).SetSubjectAsync(subject, cancellationToken);

    /// <inheritdoc />
    public Task ChangeNickAsync(Jid room, string nick, CancellationToken cancellationToken = default) =>
        Moderate(() => Room(room).ChangeNickAsync(nick, cancellationToken), "change nickname");

    /// <inheritdoc />
    public async Task<Jid> SetAffiliationAsync(Jid room, string nickOrJid, string affiliation, CancellationToken cancellationToken = default)
    {
        var value = Enum.Parse<MucAffiliation>(affiliation, ignoreCase: true);
        var joined = Room(room);
        var user = FindUser(joined, nickOrJid);
        await Moderate(() => joined.SetAffiliationAsync(user, value, cancellationToken: cancellationToken), "change affiliations (admins and owners only)");
        return user;
    }

    /// <inheritdoc />
    public Task SetRoleAsync(Jid room, string nick, string role, CancellationToken cancellationToken = default)
    {
        var value = Enum.Parse<MucRole>(role, ignoreCase: true);
        return Moderate(() => Room(room).SetRoleAsync(nick, value, cancellationToken: cancellationToken), "change roles (moderators only)");
    }

    private static Jid FindUser(MucRoom room, string nickOrJid)
    {
        try
        {
            return room.FindUser(nickOrJid);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }

    /// <summary>Runs a moderation request and turns the room's refusal into one plain sentence.</summary>
    private static async Task Moderate(Func<Task> request, string what)
    {
        try
        {
            await request();
        }
        catch (StanzaErrorException ex)
        {
            var why = ex.Error.Condition switch
            {
                "forbidden" or "not-allowed" => $"you may not {what} here",
                "item-not-found" => "no such occupant or user",
                "conflict" => "that nickname is taken",
                "not-acceptable" => "the room does not accept that",
                "remote-server-timeout" => "the room did not answer in time",
                _ => ex.Error.Condition,
            };
            throw new InvalidOperationException($"The room refused ({ex.Error.Condition}): {why}" + (ex.Error.Text is { Length: > 0 } t ? " — " + t : "") + ".", ex);
        }
    }

    /// <inheritdoc />
    public Task LeaveAsync(Jid room, CancellationToken cancellationToken = default) =>
        Room(room).LeaveAsync(cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task SendAsync(Jid room, string body, CancellationToken cancellationToken = default) =>
        Room(room).SendMessageAsync(body, cancellationToken);

    /// <inheritdoc />
    public Task SendPrivateAsync(Jid occupant, string body, CancellationToken cancellationToken = default) =>
        Room(occupant).SendPrivateMessageAsync(occupant.Resource ?? throw new ArgumentException("An occupant JID has a nick."), body, cancellationToken);

    /// <inheritdoc />
    public Task InviteAsync(Jid room, Jid jid, CancellationToken cancellationToken = default) =>
        Room(room).InviteAsync(jid, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListBookmarksAsync(CancellationToken cancellationToken = default)
    {
        var list = await _bookmarks.GetBookmarksAsync(cancellationToken);
        foreach (var b in list)
            _known[b.Room.Bare] = true;
        return list.Select(b => b.Room + (b.Nick is null ? "" : " as " + b.Nick) + (b.Autojoin ? " (autojoin)" : "") + (b.Name is null ? "" : " — " + b.Name)).ToList();
    }

    /// <inheritdoc />
    public Task AddBookmarkAsync(Jid room, string? nick, CancellationToken cancellationToken = default) =>
        _bookmarks.AddAsync(new Bookmark(room.Bare, Autojoin: true, Nick: nick), cancellationToken);

    /// <inheritdoc />
    public Task RemoveBookmarkAsync(Jid room, CancellationToken cancellationToken = default) =>
        _bookmarks.RemoveAsync(room.Bare, cancellationToken);

    /// <summary>Stores a room message in the local history, then shows it (<paramref name="show"/> runs on the
    /// store's writer thread once the row is committed, in arrival order) unless it was already there and only
    /// replayed by the room (its history after a rejoin), so the window, which shows the stored lines, need not
    /// show it again. Replayed messages without a stable id (stanza-id by the room, or origin-id) are not
    /// stored: the next rejoin would replay them again, and duplicates are never guessed from text and time.</summary>
    private void Keep(MucMessageEventArgs e, DateTimeOffset now, Action show)
    {
        if (_history is null)
        {
            show();
            return;
        }
        var row = HistoryMapper.FromLive(e.Message, _account, now, _stanzaIds.GetTrustedStanzaId(e.Message));
        try
        {
            if (row is null || (row.Delayed && row.StanzaId is null && row.OriginId is null))
            {
                _history.AfterQueued(show);
                return;
            }
            _history.Enqueue(row with { Direction = e.IsOwn ? MessageDirection.Out : MessageDirection.In }, write =>
            {
                if (write.Exception?.InnerException is { } error)
                    _sink?.OnRoomPresence(e.Room.Jid, "Local history: " + error.Message);
                else if (!write.Result.Added && row.Delayed)
                    return;
                show();
            });
        }
        catch (ObjectDisposedException)
        {
            show();
        }
    }

    private MucRoom Room(Jid room) =>
        _muc.GetRoom(room.Bare) ?? throw new InvalidOperationException($"Not in {room.Bare}; /join it first.");

    /// <summary>Why we are out of a room, when we did not ask to leave.</summary>
    private static string? LeaveText(MucRoomLeftEventArgs e)
    {
        var why = e.Reason switch
        {
            MucLeaveReason.Left => null,
            MucLeaveReason.Kicked => "You were kicked" + (e.Actor is null ? "" : " by " + SafeText.Name(e.Actor)),
            MucLeaveReason.Banned => "You were banned" + (e.Actor is null ? "" : " by " + SafeText.Name(e.Actor)),
            MucLeaveReason.AffiliationChanged => "Your affiliation changed",
            MucLeaveReason.MembersOnly => "The room became members-only",
            MucLeaveReason.Shutdown => "The service is shutting down",
            MucLeaveReason.RoomDestroyed => "The room was destroyed" + (e.AlternateRoom is null ? "" : "; it moved to " + e.AlternateRoom),
            MucLeaveReason.Disconnected => "The connection dropped; the room is rejoined when it is back",
            _ => "A technical error",
        };
        if (why is null)
            return null;
        return e.ReasonText is null ? why + "." : $"{why}: {e.ReasonText}";
    }

    /// <summary>How an occupant left: on their own, or removed by a moderator or the room.</summary>
    private static string OccupantLeftText(MucOccupantLeftEventArgs e)
    {
        var by = e.Actor is null ? "" : " by " + SafeText.Name(e.Actor);
        return e.Reason switch
        {
            MucLeaveReason.Kicked => "was kicked" + by,
            MucLeaveReason.Banned => "was banned" + by,
            MucLeaveReason.AffiliationChanged => "was removed (affiliation changed)",
            MucLeaveReason.MembersOnly => "was removed (the room became members-only)",
            _ => "left",
        };
    }

    private static string Role(MucRole role) => role.ToString().ToLowerInvariant();
}
