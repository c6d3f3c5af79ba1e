using System.Globalization;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Cli.Rendering;

/// <summary>Shows transfer progress on stderr: a bar redrawn in place on a terminal, otherwise one plain line
/// per tenth of the way (so logs stay short). Reports arrive synchronously and in order.</summary>
internal sealed class TransferProgressView(TextWriter output, bool terminal, string verb) : IProgress<TransferProgress>
{
    private const int BarWidth = 30;
    private int _lastStep = -1;
    private bool _drawn;

    public void Report(TransferProgress value)
    {
        var total = value.TotalBytes;
        // Without a total, steps are whole MiB; with one, percent (bar) or tenths (lines).
        var fraction = total is > 0 ? Math.Clamp(value.BytesTransferred / (double)total.Value, 0, 1) : total == 0 ? 1 : (double?)null;
        var step = fraction is { } f ? (int)(f * (terminal ? 100 : 10)) : (int)(value.BytesTransferred >> 20);
        if (step == _lastStep)
            return;
        _lastStep = step;
        var amount = total is { } t ? $"{Size(value.BytesTransferred)} / {Size(t)}" : Size(value.BytesTransferred);
        if (terminal)
        {
            var filled = fraction is { } g ? (int)(g * BarWidth) : 0;
            var percent = fraction is { } h ? ((int)(h * 100)).ToString(CultureInfo.InvariantCulture).PadLeft(3) + "%" : "";
            output.Write($"\r{verb} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {percent} {amount}\u001b[K");
            _drawn = true;
        }
        else
        {
            var percent = fraction is { } h ? $" ({(int)(h * 100)}%)" : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{verb} {value.BytesTransferred} of {(total is { } all ? all.ToString(CultureInfo.InvariantCulture) : "?")} bytes{percent}"));
        }
        output.Flush();
    }

    /// <summary>Ends the bar's line, if one was drawn.</summary>
    public void Finish()
    {
        if (_drawn)
        {
            output.WriteLine();
            output.Flush();
            _drawn = false;
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
