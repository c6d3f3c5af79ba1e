using System.CommandLine;
using System.Globalization;
using Magpie.Cli.Rendering;
using Magpie.Cli.Session;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Carbons;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Im.Chat;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie listen</c>: goes online and prints incoming messages and chat states as they arrive.</summary>
internal static class ListenCommand
{
    private sealed record Args(int? Count, TimeSpan? Timeout);

    private sealed record Extensions(PresenceManager Presence, CarbonsExtension Carbons, ReceiptsExtension Receipts, HistoryStore? History, ChatManager Chats) : IDisposable
    {
        public void Dispose() => History?.Dispose();
    }

    public static void Configure(Command command, CliContext context)
    {
        var stop = new StopConditions("Exit after this many messages with a body.");
        stop.AddTo(command);
        VerbRunner.Configure(command, context,
            result =>
            {
                var (n, total) = stop.Read(result);
                return new Args(n, total);
            },
            client => new Extensions(client.Use(new PresenceManager()), client.Use(new CarbonsExtension { EnableOnSessionStart = false }),
                // Receipts are answered by hand, once a message is kept (see Show).
                client.Use(new ReceiptsExtension { SendReceipts = false, RequestReceipts = false }),
                LocalHistory.TryOpen(context, client.Options.Jid), UseChats(client)),
            RunAsync,
            // Listening is long-running: a lost connection is repaired in the background (resumed when the
            // server allows it), and the verb only ends when reconnection gives up.
            reconnect: new ReconnectPolicy());
    }

    /// <summary>The chat manager classifies what arrives (carbons, corrections, delays, stanza-ids); stanza-ids are
    /// learned from our server at the start of a session.</summary>
    private static ChatManager UseChats(XmppClient client)
    {
        client.Use(new StanzaIdsExtension { AddOriginId = false });
        return client.Use(new ChatManager());
    }

    private static async Task<int> RunAsync(VerbCall<Args, Extensions> call)
    {
        // The deadline covers everything, login already done; the clock starts now.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken);
        if (call.Args.Timeout is { } total)
            deadline.CancelAfter(total);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new object();
        var bodies = 0;
        // Lines printed from the store's commit callbacks wait here and are written out once per committed
        // burst (one write instead of one per message); direct prints write out what waits first, to keep order.
        using var pending = new StringWriter(CultureInfo.InvariantCulture);
        void WritePending()
        {
            var text = pending.GetStringBuilder();
            if (text.Length == 0)
                return;
            call.Out.Write(text.ToString());
            call.Out.Flush();
            text.Clear();
        }
        if (call.Extension.History is { } store)
        {
            store.BurstDone += (_, _) =>
            {
                lock (gate)
                    WritePending();
            };
        }

        // A chat message with a body, classified by the library (a carbon copy, a correction, an offline one).
        void Show(ChatMessage chat)
        {
            var message = chat.Message;
            var carbon = HistoryMapper.CarbonName(chat);
            var state = ChatStates.Get(message);
            var acknowledge = !chat.IsCarbon;
            var history = call.Extension.History;
            if (history is null)
            {
                // Without a local history a receipt goes out once the message is printed.
                Deliver(message, carbon, state, acknowledge, buffered: false);
                return;
            }
            // Kept before printing (whoever reads the output may look in the history next), and a receipt
            // (XEP-0184), which promises the sender that the message is safe, only once the message is committed
            // there (it survives the process being killed), never when storing failed. The store commits on its
            // own thread, in groups, and runs these callbacks in arrival order, so lines keep their order and
            // this read thread never waits for the disk (unless the store's queue is full).
            if (call.Client.BoundJid is { } me && HistoryMapper.FromChat(chat, me) is { } row)
            {
                if (!LocalHistory.TryEnqueue(call.Context, history, row, kept => Deliver(message, carbon, state, acknowledge: kept && acknowledge, buffered: true)))
                    Deliver(message, carbon, state, acknowledge: false, buffered: false);
                return;
            }
            AfterQueued(message, carbon, state);
        }

        // A chat state alone (no body): nothing to keep, printed in order with what is being kept.
        void ShowState(Message message, string? carbon)
        {
            if (ChatStates.Get(message) is not { } state)
                return;
            if (call.Extension.History is null)
                Deliver(message, carbon, state, acknowledge: false, buffered: false);
            else
                AfterQueued(message, carbon, state);
        }

        void AfterQueued(Message message, string? carbon, ChatState? state)
        {
            try
            {
                call.Extension.History!.AfterQueued(() => Deliver(message, carbon, state, acknowledge: false, buffered: true));
            }
            catch (ObjectDisposedException)
            {
                Deliver(message, carbon, state, acknowledge: false, buffered: false);
            }
        }

        void Deliver(Message message, string? carbon, ChatState? state, bool acknowledge, bool buffered)
        {
            lock (gate)
            {
                if (done.Task.IsCompleted)
                    return;
                if (!buffered)
                    WritePending();
                Print(call, buffered ? pending : call.Out, message, carbon, state);
                if (message.Body is not null && call.Args.Count is { } wanted && ++bodies >= wanted)
                {
                    WritePending();
                    done.TrySetResult();
                }
            }
            if (acknowledge)
                _ = call.Extension.Receipts.SendReceiptAsync(message, deadline.Token);
        }

        // Chat messages come classified; what the library leaves unclaimed (a chat state alone, an error) reaches
        // the generic event, and a carbon copy without a body (a chat state from another of our clients) the carbons'.
        call.Extension.Chats.MessageReceived += (_, chat) => Show(chat);
        call.Client.MessageReceived += (_, message) =>
        {
            if (!message.IsError && message.Body is null)
                ShowState(message, null);
        };
        call.Extension.Carbons.CarbonReceived += (_, e) =>
        {
            if (e.Inner.Body is null)
                ShowState(e.Inner, e.Direction == CarbonDirection.Sent ? HistoryMapper.CarbonSent : HistoryMapper.CarbonReceived);
        };
        call.Client.Disconnected += (_, e) =>
            done.TrySetException(new XmppConnectionException("the connection was lost" + (e.Error is null ? "" : ": " + e.Error.Message)));
        ConnectionNotices.Attach(call.Client, call.Context, gate);
        // Online and with carbons on every new (not resumed) session, the first one included; a cut while
        // setting up is repaired like any other, and the set-up done again on the session that follows.
        using var startup = SessionStartup.Start(call.Client, ct => SetUpSessionAsync(call, ct),
            ex => Warn(call, gate, "could not set up the new session: " + ex.Message), deadline.Token);
        try
        {
            if (await Task.WhenAny(startup.Ready, done.Task).WaitAsync(deadline.Token) == startup.Ready)
            {
                await startup.Ready;
                lock (gate)
                {
                    call.Context.Error.WriteLine("listening as " + SafeText.Sanitize(call.Client.BoundJid?.ToString()));
                    call.Context.Error.Flush();
                }
            }
            await done.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!call.CancellationToken.IsCancellationRequested)
        {
            lock (gate)
            {
                WritePending();
                done.TrySetCanceled();
            }
            return ExitCodes.Report(call.Context, call.Json, ExitCodes.Timeout,
                $"timed out after {call.Args.Timeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        finally
        {
            // Whatever ended the wait (a lost connection too), no committed line stays unwritten.
            lock (gate)
                WritePending();
        }
        return ExitCodes.Success;
    }

    /// <summary>What a new session needs before listening: presence (so messages to the bare JID reach us) and carbons.</summary>
    private static async Task SetUpSessionAsync(VerbCall<Args, Extensions> call, CancellationToken cancellationToken)
    {
        await call.Extension.Presence.SendInitialPresenceAsync(cancellationToken);
        try
        {
            await call.Extension.Carbons.EnableAsync(cancellationToken);
        }
        catch (StanzaErrorException)
        {
            // No carbons on this server: listen to what reaches this resource.
        }
    }

    private static void Warn(VerbCall<Args, Extensions> call, object gate, string text)
    {
        lock (gate)
        {
            call.Context.Error.WriteLine(SafeText.OneLine(text));
            call.Context.Error.Flush();
        }
    }

    private static void Print(VerbCall<Args, Extensions> call, TextWriter output, Message message, string? carbon, ChatState? state) =>
        MessageLine.Write(output, call.Json, message, carbon, state, account: call.Client.BoundJid);
}
