namespace Magpie.Cli.Presentation;

/// <summary>Group chat (XEP-0045) for the client screen. A placeholder answers "not yet" until the
/// library's Muc extension exists; a real one opens <see cref="WindowKind.Room"/> windows.</summary>
internal interface IRoomService
{
    /// <summary>Whether rooms work at all.</summary>
    bool IsAvailable { get; }

    /// <summary>Joins a room (<c>/join room@service[/nick] [password]</c>).</summary>
    Task JoinAsync(string room, string? nick, string? password, CancellationToken cancellationToken = default);

    /// <summary>Leaves a room.</summary>
    Task LeaveAsync(string room, CancellationToken cancellationToken = default);

    /// <summary>Invites a contact to a room.</summary>
    Task InviteAsync(string room, string jid, CancellationToken cancellationToken = default);

    /// <summary>Adds, lists or removes bookmarks (<c>/bookmark</c>).</summary>
    Task BookmarkAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default);
}
