namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>A completed Jingle file transfer.</summary>
/// <param name="Peer">The other party's full JID.</param>
/// <param name="File">The file as offered.</param>
/// <param name="Transport">The transport that carried the bytes (after any fallback).</param>
/// <param name="BytesTransferred">How many bytes went over.</param>
public sealed record FileTransferResult(Jid Peer, JingleFileDescription File, FileTransport Transport, long BytesTransferred)
{
    /// <summary>Where the file was saved (<see cref="FileOffer.AcceptToFolderAsync"/>), or null.</summary>
    public string? Path { get; init; }
}
