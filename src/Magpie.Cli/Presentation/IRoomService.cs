using Magpie.Xmpp;

namespace Magpie.Cli.Presentation;

/// <summary>Group chat (XEP-0045) and bookmarks for the client screen; rooms open <see cref="WindowKind.Room"/> windows.</summary>
internal interface IRoomService
{
    /// <summary>Whether rooms work at all.</summary>
    bool IsAvailable { get; }

    /// <summary>Where room events go; set once, before connecting.</summary>
    void Attach(IRoomEventSink sink);

    /// <summary>The occupants of a joined room, now.</summary>
    IReadOnlyList<RoomOccupantInfo> GetOccupants(Jid room);

    /// <summary>Our nick in a joined room; null when not joined.</summary>
    string? GetNick(Jid room);

    /// <summary>The last <paramref name="limit"/> messages of a room from the local history, oldest first.</summary>
    IReadOnlyList<PastMessage> GetHistory(Jid room, int limit) => [];

    /// <summary>Rooms known without asking the server: bookmarks as last read, rooms joined this session (for Tab).</summary>
    IReadOnlyList<Jid> KnownRooms => [];

    /// <summary>Joins a room (<c>/join room@service[/nick] [password]</c>). A room that does not exist is
    /// created and opened as an instant room (the service's default configuration), so others can enter.</summary>
    /// <returns>True when our join created the room.</returns>
    Task<bool> JoinAsync(Jid room, string nick, string? password, CancellationToken cancellationToken = default);

    /// <summary>Kicks an occupant (moderators; <c>/kick NICK [reason]</c>).</summary>
    Task KickAsync(Jid room, string nick, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Bans a user, named by JID or by an occupant's nickname (admins and owners; <c>/ban</c>).</summary>
    /// <returns>The bare JID banned.</returns>
    Task<Jid> BanAsync(Jid room, string nickOrJid, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Sets the room's subject (<c>/topic TEXT</c>); a refusal comes back as a room error notice.</summary>
    Task SetSubjectAsync(Jid room, string subject, CancellationToken cancellationToken = default);

    /// <summary>Changes our nickname in the room and waits for the room to confirm (<c>/nick</c>).</summary>
    Task ChangeNickAsync(Jid room, string nick, CancellationToken cancellationToken = default);

    /// <summary>Sets a user's affiliation: owner, admin, member, outcast or none (<c>/affiliation</c>).</summary>
    /// <returns>The bare JID changed.</returns>
    Task<Jid> SetAffiliationAsync(Jid room, string nickOrJid, string affiliation, CancellationToken cancellationToken = default);

    /// <summary>Sets an occupant's role: moderator, participant, visitor or none (<c>/role</c>).</summary>
    Task SetRoleAsync(Jid room, string nick, string role, CancellationToken cancellationToken = default);

    /// <summary>Leaves a room.</summary>
    Task LeaveAsync(Jid room, CancellationToken cancellationToken = default);

    /// <summary>Sends a message to the room (the room echoes it back as ours).</summary>
    Task SendAsync(Jid room, string body, CancellationToken cancellationToken = default);

    /// <summary>Sends a private message to an occupant (room@service/nick).</summary>
    Task SendPrivateAsync(Jid occupant, string body, CancellationToken cancellationToken = default);

    /// <summary>Invites a contact to a room.</summary>
    Task InviteAsync(Jid room, Jid jid, CancellationToken cancellationToken = default);

    /// <summary>Lists the bookmarks, one raw line each.</summary>
    Task<IReadOnlyList<string>> ListBookmarksAsync(CancellationToken cancellationToken = default);

    /// <summary>Bookmarks a room (with autojoin).</summary>
    Task AddBookmarkAsync(Jid room, string? nick, CancellationToken cancellationToken = default);

    /// <summary>Removes a room's bookmark.</summary>
    Task RemoveBookmarkAsync(Jid room, CancellationToken cancellationToken = default);
}
