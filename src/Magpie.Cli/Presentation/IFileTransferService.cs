using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Cli.Presentation;

/// <summary>File sharing (XEP-0363 upload, XEP-0066 links) for the client screen.</summary>
internal interface IFileTransferService
{
    /// <summary>Whether transfers work at all.</summary>
    bool IsAvailable { get; }

    /// <summary>Uploads <paramref name="path"/>, reporting progress, and returns the link to share.</summary>
    Task<Uri> UploadAsync(string path, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="url"/> with an out-of-band marker to a contact, an occupant or (<paramref name="room"/>) a room.</summary>
    Task SendLinkAsync(Jid to, bool room, Uri url, CancellationToken cancellationToken = default);

    /// <summary>Downloads <paramref name="url"/> into <paramref name="directory"/> under a safe, free name; returns the path.</summary>
    Task<string> DownloadAsync(Uri url, string directory, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default);
}
