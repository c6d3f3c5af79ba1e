namespace Magpie.Cli.Presentation;

/// <summary>File sharing (XEP-0363 upload, XEP-0066 links) for the client screen. A placeholder answers
/// "not yet" until the library's HttpUpload extension exists.</summary>
internal interface IFileTransferService
{
    /// <summary>Whether transfers work at all.</summary>
    bool IsAvailable { get; }

    /// <summary>Uploads <paramref name="path"/> and sends the link to <paramref name="to"/>.</summary>
    Task SendFileAsync(string to, string path, CancellationToken cancellationToken = default);

    /// <summary>Downloads <paramref name="url"/> into <paramref name="directory"/>.</summary>
    Task DownloadAsync(string url, string directory, CancellationToken cancellationToken = default);
}
