namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>Someone offers us a file (XEP-0234): answer with <see cref="FileOffer.AcceptAsync"/>,
/// <see cref="FileOffer.AcceptToFolderAsync"/> or <see cref="FileOffer.RejectAsync"/>.</summary>
public sealed class FileOfferEventArgs(FileOffer offer) : EventArgs
{
    /// <summary>The offer.</summary>
    public FileOffer Offer { get; } = offer;
}

/// <summary>An offer was declined without asking the app: too large, too many sessions, or not enabled.</summary>
public sealed class FileOfferRefusedEventArgs(Jid peer, JingleFileDescription? file, string reason) : EventArgs
{
    /// <summary>Who offered.</summary>
    public Jid Peer { get; } = peer;

    /// <summary>The file, when the offer was readable.</summary>
    public JingleFileDescription? File { get; } = file;

    /// <summary>Why it was refused, in words.</summary>
    public string Reason { get; } = reason;
}
