namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>A Jingle file transfer failed; the XMPP session goes on.</summary>
public sealed class FileTransferException : XmppException
{
    /// <summary>Creates the exception.</summary>
    public FileTransferException(FileTransferFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>What went wrong.</summary>
    public FileTransferFailure Failure { get; }

    /// <summary>Where the received bytes were kept aside (a hash mismatch saved to a folder), or null.</summary>
    public string? KeptAsidePath { get; init; }
}
