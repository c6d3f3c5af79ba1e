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

    /// <summary>The nick (or JID) each kick, ban, role or affiliation call named, exactly (the calls are trimmed).</summary>
    public ConcurrentQueue<string> Targets { get; } = new();

    public bool IsAvailable => true;

    public List<Jid> Known { get; } = [];

    public IReadOnlyList<Jid> KnownRooms => Known.ToList();

    public string[] CallList => Calls.ToArray();

    public void Attach(IRoomEventSink sink) => Sink = sink;

    public IReadOnlyList<RoomOccupantInfo> GetOccupants(Jid room) => Occupants.TryGetValue(room, out var list) ? list.ToList() : [];

    /// <summary>Our nick per room, as the service would report it.</summary>
    public Dictionary<Jid, string> Nicks { get; } = [];

    public string? GetNick(Jid room) => Nicks.GetValueOrDefault(room);

    /// <summary>What the next join answers: whether it created the room.</summary>
    public bool JoinCreates { get; set; }

    /// <summary>When set, moderation calls fail with this (as the service does when the room refuses).</summary>
    public Exception? Refusal { get; set; }

    public async Task<bool> JoinAsync(Jid room, string nick, string? password, CancellationToken cancellationToken = default)
    {
        await Record($"join {room} {nick} {password}");
        return JoinCreates;
    }

    public Task KickAsync(Jid room, string nick, string? reason, CancellationToken cancellationToken = default)
    {
        Targets.Enqueue(nick);
        return Moderate($"kick {room} {nick} {reason}");
    }

    public async Task<Jid> BanAsync(Jid room, string nickOrJid, string? reason, CancellationToken cancellationToken = default)
    {
        Targets.Enqueue(nickOrJid);
        await Moderate($"ban {room} {nickOrJid} {reason}");
        return nickOrJid.Contains('@', StringComparison.Ordinal) ? Jid.Parse(nickOrJid).Bare : Jid.Parse(nickOrJid + "@example.org");
    }

    public Task SetSubjectAsync(Jid room, string subject, CancellationToken cancellationToken = default) => Moderate($"topic {room} {subject}");

    public Task ChangeNickAsync(Jid room, string nick, CancellationToken cancellationToken = default) => Moderate($"nick {room} {nick}");

    public async Task<Jid> SetAffiliationAsync(Jid room, string nickOrJid, string affiliation, CancellationToken cancellationToken = default)
    {
        Targets.Enqueue(nickOrJid);
        await Moderate($"affiliation {room} {nickOrJid} {affiliation}");
        return Jid.Parse(nickOrJid).Bare;
    }

    public Task SetRoleAsync(Jid room, string nick, string role, CancellationToken cancellationToken = default)
    {
        Targets.Enqueue(nick);
        return Moderate($"role {room} {nick} {role}");
    }

    private Task Moderate(string call) => Refusal is { } refusal ? Task.FromException(refusal) : Record(call);

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
