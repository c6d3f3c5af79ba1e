using System.CommandLine;
using System.Globalization;
using Magpie.Cli.Rendering;
using Magpie.Cli.Session;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Delay;
using Magpie.Xmpp.Extensions.Mam;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie history JID</c>: brings the local history up to date from our server archive
/// (XEP-0313), then prints the conversation with JID from it, oldest first.</summary>
internal static class HistoryCommand
{
    private sealed record Args(Jid Peer, int Limit, string? Search, bool Room);

    /// <summary>What the verb holds open while it runs; disposed by <see cref="VerbRunner"/> after the client.</summary>
    private sealed class Parts(HistoryStore store, HistorySync sync) : IDisposable
    {
        public HistoryStore Store { get; } = store;
        public HistorySync Sync { get; } = sync;

        public void Dispose()
        {
            Sync.Dispose();
            Store.Dispose();
        }
    }

    public static void Configure(Command command, CliContext context)
    {
        var jid = VerbRunner.JidArgument("The contact (or room) whose conversation to show.");
        var limit = new Option<int>("--limit") { Description = "Show at most the last N messages.", DefaultValueFactory = _ => 50, HelpName = "N" };
        var search = new Option<string?>("--search") { Description = "Only messages containing every word of TEXT.", HelpName = "TEXT" };
        var room = new Option<bool>("--room") { Description = "JID is a room: also fetch from the room's own archive (its newest page the first time)." };
        command.Arguments.Add(jid);
        command.Options.Add(limit);
        command.Options.Add(search);
        command.Options.Add(room);
        VerbRunner.Configure(command, context,
            result =>
            {
                var peer = VerbRunner.ParseJid(result.GetValue(jid));
                var n = result.GetValue(limit);
                if (n <= 0)
                    throw new UsageException("--limit must be a positive number.");
                if (DataDirectory(context) is null)
                    throw new UsageException("set HOME or XDG_DATA_HOME: the history is kept under $XDG_DATA_HOME/magpie/.");
                var text = result.GetValue(search);
                if (text is not null && string.IsNullOrWhiteSpace(text))
                    throw new UsageException("--search needs some text.");
                return new Args(peer.Bare, n, text, result.GetValue(room));
            },
            client =>
            {
                var mam = client.Use(new MamExtension());
                var store = HistoryStore.Open(DataDirectory(context)!, client.Options.Jid);
                try
                {
                    // Hooked before connecting: the catch-up starts as soon as the session does.
                    return new Parts(store, new HistorySync(client, mam, store));
                }
                catch
                {
                    store.Dispose();
                    throw;
                }
            },
            RunAsync);
    }

    private static string? DataDirectory(CliContext context) => HistoryPaths.DataDirectory(context.GetVariable);

    private static async Task<int> RunAsync(VerbCall<Args, Parts> call)
    {
        await FetchAsync(call, "the archive", () => call.Extension.Sync.Current.WaitAsync(call.CancellationToken));
        if (call.Args.Room)
            await FetchAsync(call, "the room archive", () => call.Extension.Sync.SyncAsync(call.Args.Peer, call.CancellationToken));
        var store = call.Extension.Store;
        var rows = call.Args.Search is { } text
            ? store.Search(text, call.Args.Peer, call.Args.Limit)
            : store.GetConversation(call.Args.Peer, call.Args.Limit);
        foreach (var row in rows)
            Print(call, row);
        call.Out.Flush();
        return ExitCodes.Success;
    }

    private static async Task FetchAsync(VerbCall<Args, Parts> call, string what, Func<Task<int>> fetch)
    {
        try
        {
            var added = await fetch();
            call.Context.Error.WriteLine($"fetched {added.ToString(CultureInfo.InvariantCulture)} new messages from {what}");
        }
        catch (StanzaErrorException ex)
        {
            // No archive (or a refusal): the local history is still worth showing.
            call.Context.Error.WriteLine($"magpie: {what} could not be read, showing local history only: " + SafeText.OneLine(ex.Message));
        }
    }

    private static void Print(VerbCall<Args, Parts> call, HistoryMessage row)
    {
        var direction = row.Direction == MessageDirection.Out ? "out" : "in";
        if (call.Json)
        {
            // The fields of `listen --json`, plus where the message went and what the store knows about it.
            JsonOutput.Write(call.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("from", row.Sender);
                w.WriteString("to", row.Recipient);
                w.WriteString("type", row.Type);
                w.WriteString("id", row.MessageId);
                w.WriteString("body", row.Body);
                w.WriteString("chat_state", row.ChatState);
                w.WriteString("xhtml_text", row.XhtmlText);
                w.WriteString("oob_url", row.OobUrl);
                w.WriteString("carbon", row.Carbon);
                w.WriteString("delay", row.Delayed ? DelayedDelivery.FormatStamp(row.Time) : null);
                w.WriteString("direction", direction);
                w.WriteString("time", DelayedDelivery.FormatStamp(row.Time));
                w.WriteString("origin_id", row.OriginId);
                w.WriteString("archive_id", row.StanzaId);
                w.WriteString("replace_id", row.ReplaceId);
                w.WriteString("state", row.State.ToString().ToLowerInvariant());
                w.WriteEndObject();
            });
            return;
        }
        var time = row.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var arrow = row.Direction == MessageDirection.Out ? ">" : "<";
        var corrected = row.ReplaceId is null ? "" : " (correction)";
        call.Out.WriteLine($"{time} {arrow} {SafeText.Address(row.Sender)}{corrected}: {SafeText.Sanitize(row.Body)}");
    }
}
