namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>XEP-0363: an HTTP upload service found through service discovery.</summary>
/// <param name="Jid">The service's address, e.g. <c>upload.example.com</c>; slot requests go here and only
/// answers from here are accepted.</param>
/// <param name="MaxFileSize">The largest file it takes in bytes (XEP-0128 <c>max-file-size</c>), or null when it did not say.</param>
public sealed record UploadService(Jid Jid, long? MaxFileSize);
