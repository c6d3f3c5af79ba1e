using System.Collections.Concurrent;
using Magpie.Cli.Presentation;
using Magpie.Xmpp;

namespace Magpie.Cli.Tests.Presentation;

/// <summary>A room service that records calls and lets the test raise room events.</summary>
internal sealed class FakeRooms : IRoomService
{
    public IRoomEventSink Sink { get; private set; } = null!;

    public ConcurrentQueue<string> Calls { get; } = new();

    public Dictionary<Jid, List<RoomOccupantInfo>> Occupants { get; } = [];

    public List<string> Bookmarks { get; } = [];

    public bool IsAvailable => true;

    public string[] CallList => Calls.ToArray();

    public void Attach(IRoomEventSink sink) => Sink = sink;

    public IReadOnlyList<RoomOccupantInfo> GetOccupants(Jid room) => Occupants.TryGetValue(room, out var list) ? list.ToList() : [];

    public string? GetNick(Jid room) => null;

    public Task JoinAsync(Jid room, string nick, string? password, CancellationToken cancellationToken = default) => Record($"join {room} {nick} {password}");

    public Task LeaveAsync(Jid room, CancellationToken cancellationToken = default) => Record($"leave {room}");

    public Task SendAsync(Jid room, string body, CancellationToken cancellationToken = default) => Record($"say {room} {body}");

    public Task SendPrivateAsync(Jid occupant, string body, CancellationToken cancellationToken = default) => Record($"pm {occupant} {body}");

    public Task InviteAsync(Jid room, Jid jid, CancellationToken cancellationToken = default) => Record($"invite {room} {jid}");

    public Task<IReadOnlyList<string>> ListBookmarksAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>(Bookmarks.ToList());

    public Task AddBookmarkAsync(Jid room, string? nick, CancellationToken cancellationToken = default) => Record($"bookmark add {room} {nick}");

    public Task RemoveBookmarkAsync(Jid room, CancellationToken cancellationToken = default) => Record($"bookmark remove {room}");

    private Task Record(string call)
    {
        Calls.Enqueue(call.TrimEnd());
        return Task.CompletedTask;
    }
}
