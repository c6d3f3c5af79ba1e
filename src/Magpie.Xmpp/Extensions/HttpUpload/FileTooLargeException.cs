namespace Magpie.Xmpp.Extensions.HttpUpload;

/// <summary>XEP-0363: a file is larger than the upload service (or a download cap) allows. Raised before
/// any byte is sent, or, for downloads, as soon as the size is known to exceed the cap.</summary>
public sealed class FileTooLargeException : HttpTransferException
{
    /// <summary>Creates the exception; the message names both sizes.</summary>
    public FileTooLargeException(long fileSize, long maxFileSize, string? what = null)
        : base($"{what ?? "The file"} is {fileSize} bytes ({Describe(fileSize)}), more than the limit of {maxFileSize} bytes ({Describe(maxFileSize)}).")
    {
        FileSize = fileSize;
        MaxFileSize = maxFileSize;
    }

    /// <summary>The size of the file (for downloads, at least this many bytes).</summary>
    public long FileSize { get; }

    /// <summary>The limit it exceeds.</summary>
    public long MaxFileSize { get; }

    private static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes} B",
    };
}
