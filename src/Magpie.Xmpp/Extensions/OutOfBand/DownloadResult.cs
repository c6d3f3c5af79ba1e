namespace Magpie.Xmpp.Extensions.OutOfBand;

/// <summary>XEP-0066: a finished download.</summary>
/// <param name="Path">The full path of the new file, inside the download folder.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="ContentType">The media type the server claimed, or null (untrusted).</param>
public sealed record DownloadResult(string Path, long Length, string? ContentType);
