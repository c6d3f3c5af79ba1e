namespace Magpie.Xmpp.Extensions.JingleFileTransfer;

/// <summary>Why a file transfer did not complete.</summary>
public enum FileTransferFailure
{
    /// <summary>The receiver declined the offer.</summary>
    Declined,

    /// <summary>The peer cancelled or ended the session early.</summary>
    Cancelled,

    /// <summary>The peer stopped answering (no accept, no data, no confirmation in time).</summary>
    Timeout,

    /// <summary>The bytes received do not match the announced hash. The file is kept aside, never delivered as the real one.</summary>
    HashMismatch,

    /// <summary>The peer sent more or fewer bytes than it announced.</summary>
    SizeMismatch,

    /// <summary>The file is larger than <see cref="FileTransferOptions.MaxFileSize"/>.</summary>
    TooLarge,

    /// <summary>No hash came with the file (neither in the offer nor in a checksum), and one is required.</summary>
    NoHash,

    /// <summary>No transport could be set up.</summary>
    TransportFailed,

    /// <summary>The peer broke the protocol (malformed, out of order, refused a request).</summary>
    ProtocolError,
}
