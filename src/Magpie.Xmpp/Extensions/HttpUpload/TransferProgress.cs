namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>XEP-0363 / XEP-0066: how far an HTTP upload or download has come.</summary>
/// <param name="BytesTransferred">Bytes sent or received so far; never decreases within one transfer.</param>
/// <param name="TotalBytes">The size of the whole transfer, or null when the server did not say (downloads).</param>
public readonly record struct TransferProgress(long BytesTransferred, long? TotalBytes);
