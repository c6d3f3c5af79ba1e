using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Cli.Presentation;

/// <summary>Direct file transfer (XEP-0234 Jingle) for the client screen: send to one client of a contact, and
/// hear of files offered to us. Failures are thrown as <see cref="Magpie.Xmpp.Extensions.JingleFileTransfer.FileTransferException"/>.</summary>
internal interface IDirectFileService
{
    /// <summary>Where offers go (<see cref="IDirectFileSink"/>); set once, before connecting.</summary>
    void Attach(IDirectFileSink sink);

    /// <summary>The full JID of a client of <paramref name="contact"/> (online, by presence) that advertises Jingle
    /// file transfer, or null when none does.</summary>
    Task<Jid?> FindReceiverAsync(Jid contact, CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="path"/> to <paramref name="to"/>; completes once the receiver confirmed the hash.</summary>
    Task SendAsync(Jid to, string path, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default);
}

/// <summary>What the direct-transfer service reports; called on any thread.</summary>
internal interface IDirectFileSink
{
    /// <summary>Someone offers a file: ask the user.</summary>
    void OnFileOffer(IIncomingFile offer);

    /// <summary>An offer was declined without asking (over the size limit, too many at once); raw text.</summary>
    void OnFileOfferRefused(Jid from, string? name, long? size, string reason);
}

/// <summary>A file offered to us, waiting for /accept or /reject.</summary>
internal interface IIncomingFile
{
    /// <summary>The sender's full JID.</summary>
    Jid Peer { get; }

    /// <summary>The name as the sender gave it (raw, untrusted).</summary>
    string Name { get; }

    /// <summary>The size announced.</summary>
    long Size { get; }

    /// <summary>Whether the offer still waits for an answer (false once the sender withdrew it or it expired).</summary>
    bool IsPending { get; }

    /// <summary>Receives the file into <paramref name="directory"/> under a safe, fresh name; returns the path.
    /// A hash mismatch throws with the file kept aside.</summary>
    Task<string> AcceptAsync(string directory, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default);

    /// <summary>Declines the offer.</summary>
    Task RejectAsync(CancellationToken cancellationToken = default);
}
