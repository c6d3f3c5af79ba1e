using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Xmpp.Extensions.OutOfBand;

/// <summary>XEP-0066: downloads a shared link, only when asked. HTTPS only by default, verified by the
/// account's TLS policy; no cookies, no identifying headers; streamed to a new file in the download folder
/// under a <see cref="SafeFileName"/> (never overwriting), with a size cap and progress.</summary>
public sealed class FileDownloader
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Creates a downloader; <paramref name="policy"/> defaults to the system's trust, HTTPS only.</summary>
    public FileDownloader(HttpTransferPolicy? policy = null)
    {
        Policy = policy ?? new HttpTransferPolicy();
    }

    /// <summary>The security policy (TLS trust, hosts allowed plain http, idle timeout).</summary>
    public HttpTransferPolicy Policy { get; }

    /// <summary>The largest file accepted, in bytes; default 100 MiB. A download that announces or reaches
    /// more is stopped and its partial file deleted.</summary>
    public long MaxSize { get; init; } = 100L * 1024 * 1024;

    /// <summary>Downloads <paramref name="url"/> into <paramref name="directory"/> (created if missing).</summary>
    /// <param name="url">The link; its last path segment, made safe, names the file.</param>
    /// <param name="directory">The download folder; the file never lands outside it.</param>
    /// <param name="progress">Receives bytes received and the announced total, synchronously and in order.</param>
    /// <param name="cancellationToken">Stops the download (the partial file is deleted).</param>
    /// <exception cref="HttpTransferException">The URL is refused, the server failed, stalled or its certificate was refused.</exception>
    /// <exception cref="FileTooLargeException">The file is over <see cref="MaxSize"/>.</exception>
    public async Task<DownloadResult> DownloadAsync(Uri url, string directory, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (Policy.CheckUrl(url) is { } problem)
            throw new HttpTransferException($"The link is refused: {problem}.");
        var fileName = SafeFileName.FromUrl(url);
        Directory.CreateDirectory(directory);
        using var http = new HttpTransferClient(Policy, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        HttpResponseMessage response;
        try
        {
            response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException && http.Translate(ex, url) is not null)
        {
            throw http.Translate(ex, url)!;
        }
        using (response)
        {
            http.CheckFinalUrl(response, url);
            HttpTransferClient.EnsureSuccess(response, $"The download from {url.Host}");
            var announced = response.Content.Headers.ContentLength;
            if (announced > MaxSize)
                throw new FileTooLargeException(announced.Value, MaxSize, "The download");
            var contentType = response.Content.Headers.ContentType?.MediaType;
            string? path = null;
            FileStream? file = null;
            try
            {
                // CreateNew: never overwrite, never follow a link planted under the name.
                for (var attempt = 0; file is null; attempt++)
                {
                    path = attempt < 100 ? SafeFileName.CandidatePath(directory, fileName, attempt) : SafeFileName.FindFreePath(directory, fileName);
                    try
                    {
                        file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
                    }
                    catch (IOException) when (attempt < 100 && (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null))
                    {
                        // Taken: try the next suffix.
                    }
                }
                long received;
                await using (file)
                    received = await CopyAsync(response, file, announced, progress, http).ConfigureAwait(false);
                return new DownloadResult(path!, received, contentType);
            }
            catch (Exception ex)
            {
                if (file is not null && path is not null)
                    TryDelete(path);
                if (ex is HttpRequestException or OperationCanceledException or IOException && http.Translate(ex, url) is { } translated)
                    throw translated;
                throw;
            }
        }
    }

    private async Task<long> CopyAsync(HttpResponseMessage response, FileStream file, long? announced, IProgress<TransferProgress>? progress, HttpTransferClient http)
    {
        await using var body = await response.Content.ReadAsStreamAsync(http.Token).ConfigureAwait(false);
        var buffer = new byte[ChunkSize];
        long received = 0;
        progress?.Report(new TransferProgress(0, announced));
        while (true)
        {
            var read = await body.ReadAsync(buffer, http.Token).ConfigureAwait(false);
            if (read == 0)
                break;
            received += read;
            if (received > MaxSize)
                throw new FileTooLargeException(received, MaxSize, "The download");
            await file.WriteAsync(buffer.AsMemory(0, read), http.Token).ConfigureAwait(false);
            http.Touch();
            progress?.Report(new TransferProgress(received, announced));
        }
        if (announced is { } expected && received != expected)
            throw new HttpTransferException($"The download ended after {received} of {expected} bytes.");
        return received;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error that got us here matters more.
        }
    }
}
