namespace Magpie.Cli.Presentation;

/// <summary>The stand-in for rooms and file transfers until the library grows them: every call says so.</summary>
internal sealed class NotYetAvailable : IRoomService, IFileTransferService
{
    /// <summary>The shared instance.</summary>
    public static NotYetAvailable Instance { get; } = new();

    /// <inheritdoc cref="IRoomService.IsAvailable" />
    public bool IsAvailable => false;

    /// <inheritdoc />
    public Task JoinAsync(string room, string? nick, string? password, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task LeaveAsync(string room, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task InviteAsync(string room, string jid, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task BookmarkAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task SendFileAsync(string to, string path, CancellationToken cancellationToken = default) => Fail();

    /// <inheritdoc />
    public Task DownloadAsync(string url, string directory, CancellationToken cancellationToken = default) => Fail();

    private static Task Fail() => Task.FromException(new NotSupportedException("not yet: this needs group chat or file upload, which Magpie does not have yet."));
}
