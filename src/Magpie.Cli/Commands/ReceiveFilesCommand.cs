using System.CommandLine;
using System.Globalization;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.JingleFileTransfer;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie receive-files --out DIR [--accept-from JID] [--max-size BYTES] [--count N] [--timeout S]</c>:
/// goes online and saves the files offered by direct transfer (XEP-0234) into DIR under safe, fresh names, each
/// only once its SHA-256 matched (a mismatch is kept aside as <c>NAME.hash-mismatch</c>). Offers from anyone
/// else than <c>--accept-from</c>, or over the size limit, are declined.</summary>
internal static class ReceiveFilesCommand
{
    private sealed record Args(string Folder, Jid? AcceptFrom, long MaxSize, int? Count, TimeSpan? Timeout);

    public static void Configure(Command command, CliContext context)
    {
        var output = new Option<string>("--out") { Description = "The folder to save into (created if missing).", HelpName = "DIR", Required = true };
        var from = new Option<string?>("--accept-from") { Description = "Only take files from this JID (bare: any of its clients); others are declined.", HelpName = "JID" };
        var maxSize = new Option<long?>("--max-size") { Description = "Decline files larger than this (default 1 GiB).", HelpName = "BYTES" };
        var stop = new StopConditions("Exit after this many offers were handled.");
        command.Options.Add(output);
        command.Options.Add(from);
        command.Options.Add(maxSize);
        stop.AddTo(command);
        long limit = 0;
        VerbRunner.Configure(command, context,
            result =>
            {
                var max = result.GetValue(maxSize);
                if (max is <= 0)
                    throw new UsageException("--max-size must be a positive number of bytes.");
                var accept = result.GetValue(from) is { } f ? VerbRunner.ParseJid(f) : null;
                var (count, timeout) = stop.Read(result);
                limit = max ?? 1L << 30;
                return new Args(result.GetValue(output)!, accept, limit, count, timeout);
            },
            // The size limit is the extension's: it declines larger offers before asking. (prepare runs first.)
            client => client.Use(new JingleFileTransferExtension(new FileTransferOptions { MaxFileSize = limit })),
            RunAsync);
    }

    private static async Task<int> RunAsync(VerbCall<Args, JingleFileTransferExtension> call)
    {
        var files = call.Extension;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken);
        if (call.Args.Timeout is { } total)
            deadline.CancelAfter(total);
        var gate = new object();
        var handled = 0;
        var firstFailure = ExitCodes.Success;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        void Finish(int code)
        {
            lock (gate)
            {
                if (firstFailure == ExitCodes.Success)
                    firstFailure = code;
                if (call.Args.Count is { } wanted && ++handled >= wanted)
                    done.TrySetResult();
            }
        }

        files.OfferRefused += (_, e) =>
        {
            Warn(call, gate, $"declined {Describe(e.File?.Name, e.File?.Size, e.Peer)}: {e.Reason}");
            Finish(ExitCodes.Refused);
        };
        files.OfferReceived += (_, e) => _ = HandleAsync(e.Offer);

        async Task HandleAsync(FileOffer offer)
        {
            if (call.Args.AcceptFrom is { } only && !(only.IsBare ? only.BareEquals(offer.Peer) : only == offer.Peer))
            {
                Warn(call, gate, $"declined {Describe(offer.File.Name, offer.File.Size, offer.Peer)}: not from {only}");
                try
                {
                    await offer.RejectAsync(deadline.Token);
                }
                catch (Exception ex) when (ex is XmppException or InvalidOperationException or OperationCanceledException)
                {
                }
                return;
            }
            Warn(call, gate, $"receiving {Describe(offer.File.Name, offer.File.Size, offer.Peer)}");
            try
            {
                var result = await offer.AcceptToFolderAsync(call.Args.Folder, cancellationToken: deadline.Token);
                lock (gate)
                {
                    if (call.Json)
                    {
                        JsonOutput.Write(call.Out, w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("from", result.Peer.ToString());
                            w.WriteString("name", result.File.Name);
                            w.WriteString("path", result.Path);
                            w.WriteNumber("size", result.BytesTransferred);
                            w.WriteString("sha256", result.File.Sha256Base64);
                            w.WriteString("transport", SendFileCommand.TransportName(result.Transport));
                            w.WriteEndObject();
                        });
                    }
                    else
                    {
                        call.Out.WriteLine(SafeText.Sanitize(result.Path));
                        call.Out.Flush();
                    }
                }
                Finish(ExitCodes.Success);
            }
            catch (Exception ex) when (ex is XmppException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                var (code, message) = ExitCodes.Classify(ex);
                Warn(call, gate, $"{Describe(offer.File.Name, offer.File.Size, offer.Peer)} failed: {message}");
                Finish(code);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await call.Client.SendAsync(new Presence(), call.CancellationToken);
        Warn(call, gate, "receiving files as " + call.Client.BoundJid + " into " + Path.GetFullPath(call.Args.Folder));
        call.Client.Disconnected += (_, e) =>
            done.TrySetException(new XmppConnectionException("the connection was lost" + (e.Error is null ? "" : ": " + e.Error.Message)));
        try
        {
            await done.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!call.CancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Report(call.Context, call.Json, ExitCodes.Timeout,
                $"timed out after {call.Args.Timeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        lock (gate)
            return firstFailure;
    }

    private static string Describe(string? name, long? size, Jid peer) =>
        $"{SafeText.Sanitize(name ?? "a file")}{(size is { } s ? $" ({s} bytes)" : "")} from {SafeText.Sanitize(peer.ToString())}";

    private static void Warn(VerbCall<Args, JingleFileTransferExtension> call, object gate, string text)
    {
        lock (gate)
        {
            call.Context.Error.WriteLine(SafeText.OneLine(text));
            call.Context.Error.Flush();
        }
    }
}
