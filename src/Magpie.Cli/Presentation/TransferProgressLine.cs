using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Cli.Presentation;

/// <summary>Progress reports (from any thread) rewrite a transfer's line on the UI thread, once per
/// percent; after <see cref="Finish"/> late reports are ignored so the final text stays.</summary>
internal sealed class TransferProgressLine(ChatLine line, string what, Action<Action> onUi) : IProgress<TransferProgress>
{
    private int _lastPercent = -1;
    private volatile bool _finished;

    /// <summary>What is transferred, for the status bar.</summary>
    public string What => what;

    /// <summary>The last percentage reported, or -1 before the first report (or when the size is unknown).</summary>
    public int Percent => Volatile.Read(ref _lastPercent);

    /// <summary>The transfer ended; the caller writes the last text.</summary>
    public void Finish() => _finished = true;

    /// <inheritdoc />
    public void Report(TransferProgress value)
    {
        var percent = value.TotalBytes switch
        {
            0 => 100,
            > 0 and { } total => (int)Math.Clamp(value.BytesTransferred * 100 / total, 0, 100),
            _ => -1,
        };
        if (percent < 0 || Interlocked.Exchange(ref _lastPercent, percent) == percent)
            return;
        onUi(() =>
        {
            if (!_finished)
                line.Update(ClientViewModel.Plain(ClientViewModel.Bar(what, percent)));
        });
    }
}
