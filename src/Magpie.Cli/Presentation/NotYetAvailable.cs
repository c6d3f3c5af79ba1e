using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Cli.Presentation;

/// <summary>The stand-in for rooms and file transfers when a backend has none (tests, offline screens): every call says so.</summary>
internal sealed class NotYetAvailable : IRoomService, IFileTransferService
{
    /// <summary>The shared instance.</summary>
    public static NotYetAvailable Instance { get; } = new();

    /// <inheritdoc cref="IRoomService.IsAvailable" />
    public bool IsAvailable => false;

    /// <inheritdoc />
    public void Attach(IRoomEventSink sink)
    {
        // Nothing ever happens here.
    }

    /// <inheritdoc />
    public IReadOnlyList<RoomOccupantInfo> GetOccupants(Jid room) => [];

    /// <inheritdoc />
    public string? GetNick(Jid room) => null;

    /// <inheritdoc />
    public Task<bool> JoinAsync(Jid room, string nick, string? password, CancellationToken cancellationToken = default) =>
        Task.FromException<bool>(Error());

    /// <inheritdoc />
    public Task KickAsync(Jid room, string nick, string? reason, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task<Jid> BanAsync(Jid room, string nickOrJid, string? reason, CancellationToken cancellationToken = default) =>
        Task.FromException<Jid>(Error());

    /// <inheritdoc />
    public Task SetSubjectAsync(Jid room, string subject, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task ChangeNickAsync(Jid room, string nick, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task<Jid> SetAffiliationAsync(Jid room, string nickOrJid, string affiliation, CancellationToken cancellationToken = default) =>
        Task.FromException<Jid>(Error());

    /// <inheritdoc />
    public Task SetRoleAsync(Jid room, string nick, string role, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task LeaveAsync(Jid room, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task SendAsync(Jid room, string body, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task SendPrivateAsync(Jid occupant, string body, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task InviteAsync(Jid room, Jid jid, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListBookmarksAsync(CancellationToken cancellationToken = default) =>
        Task.FromException<IReadOnlyList<string>>(Error());

    /// <inheritdoc />
    public Task AddBookmarkAsync(Jid room, string? nick, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task RemoveBookmarkAsync(Jid room, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task<Uri> UploadAsync(string path, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default) =>
        Task.FromException<Uri>(Error());

    /// <inheritdoc />
    public Task SendLinkAsync(Jid to, bool room, Uri url, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task<string> DownloadAsync(Uri url, string directory, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default) =>
        Task.FromException<string>(Error());

    private static Task Fail() => Task.FromException(Error());

    private static NotSupportedException Error() => new("not available: this connection has no group chat or file transfer.");
}
