using System.Globalization;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.Styling;

namespace Magpie.Cli.Presentation;

/// <summary>The file half of the screen model: /sendfile with a progress line, /cancel, /download N.</summary>
internal sealed partial class ClientViewModel
{
    private readonly List<CancellationTokenSource> _transfers = [];
    private readonly List<TransferProgressLine> _progressShown = []; // UI thread only

    /// <summary>The status bar's transfer items, e.g. "[Uploading a.png 45%]" (UI thread).</summary>
    internal string TransferStatus => string.Concat(_progressShown.Select(p =>
        "  [" + p.What + " " + (p.Percent < 0 ? "…" : p.Percent.ToString(CultureInfo.InvariantCulture) + "%") + "]"));

    /// <summary>Transfers under way (for /cancel).</summary>
    public int TransfersRunning
    {
        get
        {
            lock (_transfers)
                return _transfers.Count;
        }
    }

    internal void SendFile(string args)
    {
        var window = Active;
        var direct = args.TrimStart().StartsWith("--direct", StringComparison.Ordinal);
        if (direct)
            args = args.TrimStart()["--direct".Length..];
        var path = args.Trim().Trim('"');
        if (path.StartsWith('~'))
            path = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..];
        if (window.Kind == WindowKind.Console || window.Peer is not { } to)
        {
            Notice(LineKind.Error, "/sendfile sends to the conversation or room shown; open one first.");
            return;
        }
        if (path.Length == 0 || !File.Exists(path))
        {
            Notice(LineKind.Error, path.Length == 0 ? "Usage: /sendfile [--direct] PATH" : $"No such file: {SafeText.OneLine(path)}");
            return;
        }
        if (Connection != ConnectionStatus.Online)
        {
            Notice(LineKind.Error, "Not connected; /connect first.");
            return;
        }
        var name = SafeText.OneLine(Path.GetFileName(path));
        if (direct)
        {
            SendFileDirect(window, path, name);
            return;
        }
        var isRoom = window.Kind == WindowKind.Room;
        Transfer(window, "Uploading " + name, async (progress, ct) =>
        {
            var url = await Files.UploadAsync(path, progress, ct);
            await Files.SendLinkAsync(to, isRoom, url, ct);
            _ui.Post(() =>
            {
                // A room echoes the link back as our message; a conversation shows it now.
                if (!isRoom)
                    Add(window, OwnLine(url.AbsoluteUri, null)); // exactly as sent (ToString decodes %20, which broke /urls)
                RaiseChanged();
            });
            return "sent " + url.AbsoluteUri;
        });
    }

    internal void Download(string args)
    {
        var window = Active;
        var (first, dir) = SplitFirst(args);
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > window.Urls.Count)
        {
            Notice(LineKind.Error, window.Urls.Count == 0 ? "No links in this window." : $"Usage: /download N [DIR] with N from 1 to {window.Urls.Count} (see /urls).");
            return;
        }
        if (!Uri.TryCreate(window.Urls[n - 1], UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            Notice(LineKind.Error, "Only http(s) links can be downloaded.");
            return;
        }
        if (dir.Length == 0)
            dir = DefaultDownloadFolder;
        else if (dir.StartsWith('~'))
            dir = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + dir[1..];
        Transfer(window, "Downloading " + SafeText.OneLine(url.AbsoluteUri), async (progress, ct) =>
        {
            var saved = await Files.DownloadAsync(url, dir, progress, ct);
            return "saved to " + saved;
        });
    }

    internal void CancelTransfers()
    {
        CancellationTokenSource[] running;
        lock (_transfers)
            running = [.. _transfers];
        if (running.Length == 0)
        {
            Notice(LineKind.Notice, "No transfer to cancel.");
            return;
        }
        foreach (var cts in running)
            cts.Cancel();
    }

    /// <summary>Runs a transfer with a progress line in <paramref name="window"/> that ends as done, failed or cancelled.
    /// <paramref name="explain"/> may turn a failure into the line's final text (raw; then it is not reported again).</summary>
    private void Transfer(ConversationModel window, string what, Func<IProgress<TransferProgress>, CancellationToken, Task<string>> work,
        Func<Exception, string?>? explain = null)
    {
        var line = new ChatLine(_clock.GetLocalNow(), LineKind.Notice, "", Plain(what + " …"));
        Add(window, line);
        RaiseChanged();
        var cts = new CancellationTokenSource();
        lock (_transfers)
            _transfers.Add(cts);
        var progress = new TransferProgressLine(line, what, update => _ui.Post(() => { update(); RaiseChanged(); }));
        _progressShown.Add(progress);
        Run(what, async _ =>
        {
            try
            {
                var result = await work(progress, cts.Token);
                _ui.Post(() =>
                {
                    progress.Finish();
                    _progressShown.Remove(progress);
                    line.Update(Plain(Bar(what, 100) + " — " + SafeText.OneLine(result)));
                    RaiseChanged();
                });
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                _ui.Post(() =>
                {
                    progress.Finish();
                    _progressShown.Remove(progress);
                    line.Update(Plain(what + ": cancelled."));
                    RaiseChanged();
                });
            }
            catch (Exception ex) when (explain?.Invoke(ex) is { } told)
            {
                _ui.Post(() =>
                {
                    progress.Finish();
                    _progressShown.Remove(progress);
                    line.Update(Plain(SafeText.OneLine(told)));
                    RaiseChanged();
                });
            }
            catch (Exception ex)
            {
                _ui.Post(() =>
                {
                    progress.Finish();
                    _progressShown.Remove(progress);
                    line.Update(Plain(what + ": failed."));
                    RaiseChanged();
                });
                throw new InvalidOperationException(ex.Message, ex);
            }
            finally
            {
                lock (_transfers)
                    _transfers.Remove(cts);
                cts.Dispose();
            }
        });
    }

    /// <summary>"Uploading x [#####-----] 50%".</summary>
    internal static string Bar(string what, int percent)
    {
        const int Width = 20;
        var filled = percent * Width / 100;
        return $"{what} [{new string('#', filled)}{new string('-', Width - filled)}] {percent.ToString(CultureInfo.InvariantCulture)}%";
    }

    internal static IReadOnlyList<StyledRun> Plain(string safeText) => [new StyledRun(safeText, TextStyles.None)];
}
