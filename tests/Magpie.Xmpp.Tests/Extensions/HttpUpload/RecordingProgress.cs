using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Xmpp.Tests.Extensions.HttpUpload;

/// <summary>Keeps every progress report in order (synchronously, unlike <see cref="Progress{T}"/>).</summary>
internal sealed class RecordingProgress : IProgress<TransferProgress>
{
    public List<TransferProgress> Reports { get; } = [];

    public void Report(TransferProgress value)
    {
        lock (Reports)
            Reports.Add(value);
    }
}
