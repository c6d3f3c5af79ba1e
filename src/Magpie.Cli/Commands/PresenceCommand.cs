using System.CommandLine;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie presence SHOW</c>: goes online with a show and status and stays until Ctrl-C or <c>--for</c> elapses.</summary>
internal static class PresenceCommand
{
    private sealed record Args(PresenceShow Show, string? Status, TimeSpan? For);

    public static void Configure(Command command, CliContext context)
    {
        var show = new Argument<string>("SHOW") { Description = "online, chat, away, xa or dnd." };
        show.AcceptOnlyFromAmong("online", "chat", "away", "xa", "dnd");
        var status = new Option<string?>("--status") { Description = "A status message." };
        var duration = new Option<double?>("--for") { Description = "Stay online this many seconds, then exit." };
        command.Arguments.Add(show);
        command.Options.Add(status);
        command.Options.Add(duration);
        VerbRunner.Configure(command, context,
            result =>
            {
                var value = result.GetValue(show) switch
                {
                    "chat" => PresenceShow.Chat,
                    "away" => PresenceShow.Away,
                    "xa" => PresenceShow.Xa,
                    "dnd" => PresenceShow.Dnd,
                    _ => PresenceShow.Online,
                };
                var seconds = result.GetValue(duration);
                if (seconds is <= 0 or double.NaN or double.PositiveInfinity)
                    throw new UsageException("--for must be a positive number of seconds.");
                return new Args(value, result.GetValue(status), seconds is { } s ? TimeSpan.FromSeconds(s) : null);
            },
            client => client.Use(new PresenceManager()),
            async call =>
            {
                await call.Extension.SetPresenceAsync(call.Args.Show, call.Args.Status, cancellationToken: call.CancellationToken);
                var jid = call.Client.BoundJid?.ToString() ?? "";
                call.Context.Error.WriteLine($"online as {jid} ({call.Args.Show.ToString().ToLowerInvariant()}); Ctrl-C to leave");
                call.Context.Error.Flush();
                try
                {
                    await Task.Delay(call.Args.For ?? Timeout.InfiniteTimeSpan, call.CancellationToken);
                }
                catch (OperationCanceledException) when (call.CancellationToken.IsCancellationRequested)
                {
                    // Ctrl-C is how this verb is meant to end.
                }
                // Leave cleanly even after Ctrl-C: the verb's token is cancelled by then.
                using var goodbye = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await call.Extension.GoUnavailableAsync(cancellationToken: goodbye.Token);
                    await call.Client.DisconnectAsync(goodbye.Token);
                }
                catch (Exception ex) when (ex is Magpie.Xmpp.XmppException or IOException or OperationCanceledException)
                {
                    // Already offline or the server hung up: nothing left to do.
                }
                return ExitCodes.Success;
            });
    }
}
