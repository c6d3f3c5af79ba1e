using Magpie.Cli.Rendering;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Cli.Tests.Rendering;

public sealed class TransferProgressViewTests
{
    [Fact]
    public void Without_a_terminal_prints_one_plain_line_per_tenth()
    {
        var output = new StringWriter();
        var view = new TransferProgressView(output, terminal: false, "uploading");

        for (long sent = 0; sent <= 1000; sent += 50)
            view.Report(new TransferProgress(sent, 1000));
        view.Finish();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(11, lines.Length);
        Assert.Equal("uploading 0 of 1000 bytes (0%)", lines[0]);
        Assert.Equal("uploading 1000 of 1000 bytes (100%)", lines[^1]);
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void On_a_terminal_redraws_one_bar_and_ends_the_line()
    {
        var output = new StringWriter();
        var view = new TransferProgressView(output, terminal: true, "uploading");

        view.Report(new TransferProgress(0, 2 << 20));
        view.Report(new TransferProgress(1 << 20, 2 << 20));
        view.Report(new TransferProgress(2 << 20, 2 << 20));
        view.Finish();

        var text = output.ToString();
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.Contains("[###############...............]  50% 1.0 MiB / 2.0 MiB", text, StringComparison.Ordinal);
        Assert.EndsWith("100% 2.0 MiB / 2.0 MiB\u001b[K" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_complete_at_once()
    {
        var output = new StringWriter();
        new TransferProgressView(output, terminal: false, "uploading").Report(new TransferProgress(0, 0));

        Assert.Equal("uploading 0 of 0 bytes (100%)", output.ToString().Trim());
    }
}
