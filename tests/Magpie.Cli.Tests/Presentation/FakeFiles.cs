using System.Collections.Concurrent;
using Magpie.Cli.Presentation;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Cli.Tests.Presentation;

/// <summary>A file service that reports scripted progress, or waits until cancelled when <see cref="Hang"/> is set.</summary>
internal sealed class FakeFiles : IFileTransferService
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public bool Hang { get; set; }

    /// <summary>Completes when a hanging transfer has started (so the test cancels a running one).</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<int> PercentsSeen { get; } = [];

    public bool IsAvailable => true;

    public async Task<Uri> UploadAsync(string path, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("upload " + Path.GetFileName(path));
        await Steps(progress, cancellationToken);
        return new Uri("https://upload.example.org/abc/" + Path.GetFileName(path));
    }

    public Task SendLinkAsync(Jid to, bool room, Uri url, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"link {to} {room} {url}");
        return Task.CompletedTask;
    }

    public async Task<string> DownloadAsync(Uri url, string directory, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"download {url} {directory}");
        await Steps(progress, cancellationToken);
        return Path.Combine(directory, "file.txt");
    }

    private async Task Steps(IProgress<TransferProgress> progress, CancellationToken cancellationToken)
    {
        progress.Report(new TransferProgress(0, 200));
        progress.Report(new TransferProgress(100, 200));
        if (Hang)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        progress.Report(new TransferProgress(200, 200));
    }
}
