using System.Collections.Concurrent;
using Magpie.Cli.Presentation;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Cli.Tests.Presentation;

/// <summary>A direct-transfer service with a scripted receiver and outcome; offers are raised through <see cref="Sink"/>.</summary>
internal sealed class FakeDirectFiles : IDirectFileService
{
    public IDirectFileSink Sink { get; private set; } = null!;

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>What <see cref="FindReceiverAsync"/> answers (null: no client advertises the feature).</summary>
    public Jid? Receiver { get; set; }

    /// <summary>Thrown by <see cref="SendAsync"/> after the progress steps, when set.</summary>
    public Exception? SendFailure { get; set; }

    public void Attach(IDirectFileSink sink) => Sink = sink;

    public Task<Jid?> FindReceiverAsync(Jid contact, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("find " + contact);
        return Task.FromResult(Receiver);
    }

    public Task SendAsync(Jid to, string path, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"send {to} {Path.GetFileName(path)}");
        progress.Report(new TransferProgress(0, 200));
        progress.Report(new TransferProgress(100, 200));
        if (SendFailure is { } failure)
            throw failure;
        progress.Report(new TransferProgress(200, 200));
        return Task.CompletedTask;
    }
}

/// <summary>A file offered to us: accepting reports progress (and waits when <see cref="Hang"/>), then saves, or throws <see cref="Failure"/>.</summary>
internal sealed class FakeOffer(Jid peer, string name, long size) : IIncomingFile
{
    public Jid Peer => peer;

    public string Name => name;

    public long Size => size;

    public bool IsPending { get; set; } = true;

    public ConcurrentQueue<string> Calls { get; } = new();

    public Exception? Failure { get; set; }

    public bool Hang { get; set; }

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<string> AcceptAsync(string directory, IProgress<TransferProgress> progress, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("accept " + directory);
        progress.Report(new TransferProgress(0, size));
        progress.Report(new TransferProgress(size / 2, size));
        if (Hang)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        if (Failure is { } failure)
            throw failure;
        progress.Report(new TransferProgress(size, size));
        return Path.Combine(directory, name);
    }

    public Task RejectAsync(CancellationToken cancellationToken = default)
    {
        Calls.Enqueue("reject");
        return Task.CompletedTask;
    }
}
