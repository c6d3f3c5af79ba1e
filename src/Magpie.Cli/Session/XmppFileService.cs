using Magpie.Cli.Presentation;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Session;

/// <summary>File sharing for the client screen: the library's HTTP upload, OOB links and
/// <see cref="FileDownloader"/> (safe names, size limit, the account's TLS rules) on the backend's client.</summary>
internal sealed class XmppFileService : IFileTransferService
{
    private readonly HttpUploadExtension _upload;
    private readonly OutOfBandExtension _oob;

    /// <summary>Adds the extensions to <paramref name="client"/>.</summary>
    public XmppFileService(XmppClient client)
    {
        _upload = client.Use(new HttpUploadExtension());
        _oob = client.Use(new OutOfBandExtension());
    }

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <inheritdoc />
    public async Task<Uri> UploadAsync(string path, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default)
    {
        var slot = await _upload.UploadFileAsync(path, progress: progress, cancellationToken: cancellationToken);
        return slot.GetUrl;
    }

    /// <inheritdoc />
    public Task SendLinkAsync(Jid to, bool room, Uri url, CancellationToken cancellationToken = default) =>
        _oob.SendLinkAsync(to, url, room ? MessageType.Groupchat : MessageType.Chat, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async Task<string> DownloadAsync(Uri url, string directory, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default)
    {
        var downloader = new FileDownloader(_upload.Policy);
        var result = await downloader.DownloadAsync(url, directory, progress, cancellationToken);
        return result.Path;
    }
}
