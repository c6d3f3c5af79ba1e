using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.Jingle;
using Magpie.Xmpp.Extensions.OutOfBand;

namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>A file someone offers us (XEP-0234 §4): accept it into a stream or a folder, or reject it. An offer
/// left unanswered for <see cref="FileTransferOptions.OfferTimeout"/> expires (the peer is told
/// <c>timeout</c>); the peer may also withdraw it (<see cref="Withdrawn"/>).</summary>
public sealed class FileOffer
{
    private readonly JingleFileSession _session;

    internal FileOffer(JingleFileSession session, FileTransport transport)
    {
        _session = session;
        Transport = transport;
    }

    /// <summary>Who offers (a full JID).</summary>
    public Jid Peer => _session.Peer;

    /// <summary>The Jingle session id.</summary>
    public string SessionId => _session.Sid;

    /// <summary>The file as the sender describes it (untrusted: name and size are the sender's word, the size is
    /// enforced and the hash checked on receipt).</summary>
    public JingleFileDescription File => _session.File;

    /// <summary>The transport the sender proposed.</summary>
    public FileTransport Transport { get; }

    /// <summary>Completes when the offer can no longer be accepted: the peer withdrew it, it expired, or it was answered.</summary>
    public Task Withdrawn => _session.PeerEnded;

    /// <summary>Whether the offer is still waiting for an answer.</summary>
    public bool IsPending => _session.IsPending;

    /// <summary>Accepts the file and writes it to <paramref name="destination"/> as it comes. The SHA-256 is
    /// checked at the end; the bytes are in <paramref name="destination"/> either way, so a caller writing to a
    /// file must discard it (or keep it aside) when this throws.</summary>
    /// <exception cref="FileTransferException">The transfer failed: see <see cref="FileTransferException.Failure"/>.</exception>
    /// <exception cref="InvalidOperationException">The offer was already answered, withdrawn or expired.</exception>
    public Task<FileTransferResult> AcceptAsync(Stream destination, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return _session.ReceiveAsync(destination, progress, cancellationToken);
    }

    /// <summary>Accepts the file into <paramref name="directory"/> under a safe, fresh name
    /// (<see cref="SafeFileName"/>; never outside the folder). It is written to a <c>.part</c> file first and only
    /// given its name once its SHA-256 matched; a file that does not match is kept aside as
    /// <c>NAME.hash-mismatch</c> (<see cref="FileTransferException.KeptAsidePath"/>), and any other failure deletes
    /// the partial file.</summary>
    /// <returns>The result, whose <see cref="FileTransferResult.Path"/> is where the file was saved.</returns>
    /// <exception cref="FileTransferException">The transfer failed.</exception>
    /// <exception cref="InvalidOperationException">The offer was already answered, withdrawn or expired.</exception>
    public async Task<FileTransferResult> AcceptToFolderAsync(string directory, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var name = SafeFileName.Sanitize(File.Name);
        var partPath = SafeFileName.FindFreePath(directory, name + ".part");
        FileTransferResult result;
        var file = new FileStream(partPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
        try
        {
            await using (file.ConfigureAwait(false))
                result = await AcceptAsync(file, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (FileTransferException ex) when (ex.Failure is FileTransferFailure.HashMismatch or FileTransferFailure.NoHash)
        {
            var aside = SafeFileName.FindFreePath(directory, name + ".hash-mismatch");
            System.IO.File.Move(partPath, aside);
            throw new FileTransferException(ex.Failure, $"{ex.Message} It was kept aside as {aside}.", ex) { KeptAsidePath = aside };
        }
        catch
        {
            System.IO.File.Delete(partPath);
            throw;
        }
        var path = SafeFileName.FindFreePath(directory, name);
        System.IO.File.Move(partPath, path);
        return result with { Path = path };
    }

    /// <summary>Declines the offer (session-terminate with <c>decline</c>).</summary>
    /// <exception cref="InvalidOperationException">The offer was already answered, withdrawn or expired.</exception>
    public Task RejectAsync(CancellationToken cancellationToken = default) =>
        _session.RejectAsync(new JingleReason("decline"), cancellationToken);
}
