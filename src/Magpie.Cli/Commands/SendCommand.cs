using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Cli.Session;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Extensions.XhtmlIm;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie send JID TEXT</c>: sends one message, or with <c>-</c> one message per line of standard input.</summary>
internal static class SendCommand
{
    private sealed record Args(Jid To, string? Text, string? Xhtml, MessageType Type, string? Correct);

    /// <summary>The extension and the local history (when there is a data directory), closed after the client.</summary>
    private sealed record Parts(StanzaIdsExtension StanzaIds, HistoryStore? History) : IDisposable
    {
        public void Dispose() => History?.Dispose();
    }

    public static void Configure(Command command, CliContext context)
    {
        var jid = VerbRunner.JidArgument("The recipient.");
        var text = new Argument<string>("TEXT") { Description = "The message; '-' sends each line of standard input as its own message (a line XMPP cannot carry is refused, the rest sent, exit 6)." };
        var xhtml = new Option<string?>("--xhtml") { Description = "An XHTML-IM body (XEP-0071) next to the plain text." };
        var type = new Option<string>("--type") { Description = "chat or normal.", DefaultValueFactory = _ => "chat" };
        type.AcceptOnlyFromAmong("chat", "normal");
        var correct = new Option<string?>("--correct") { Description = "Correct the message with this id (XEP-0308)." };
        command.Arguments.Add(jid);
        command.Arguments.Add(text);
        command.Options.Add(xhtml);
        command.Options.Add(type);
        command.Options.Add(correct);
        VerbRunner.Configure(command, context,
            result =>
            {
                var to = VerbRunner.ParseJid(result.GetValue(jid));
                var body = result.GetValue(text);
                var html = result.GetValue(xhtml);
                if (html is not null)
                {
                    // Check the fragment before connecting: a typo must not cost a login.
                    try
                    {
                        XhtmlIm.SetHtml(new Message(), html);
                    }
                    catch (ArgumentException ex)
                    {
                        throw new UsageException("--xhtml: " + ex.Message);
                    }
                }
                var messageType = result.GetValue(type) == "normal" ? MessageType.Normal : MessageType.Chat;
                return new Args(to, body == "-" ? null : body, html, messageType, result.GetValue(correct));
            },
            client => new Parts(client.Use(new StanzaIdsExtension()), LocalHistory.TryOpen(context, client.Options.Jid)),
            async call =>
            {
                var ids = new List<string>();
                int lines = 0, refused = 0;
                if (call.Args.Text is not null)
                {
                    ids.Add(await SendOneAsync(call, call.Args.Text));
                }
                else
                {
                    while (await call.Context.In.ReadLineAsync(call.CancellationToken) is { } line)
                    {
                        lines++;
                        // A line XML cannot carry is refused on its own: the lines after it still go out.
                        if (UserText.Problem(line, readFromStandardInput: true) is { } problem)
                        {
                            refused++;
                            Refuse(call, lines, problem);
                            continue;
                        }
                        ids.Add(await SendOneAsync(call, line));
                    }
                }
                await ConfirmAsync(call, ids);
                return refused == 0
                    ? ExitCodes.Success
                    : ExitCodes.Report(call.Context, call.Json, ExitCodes.InputRefused, RefusedSummary(refused, lines));
            });
    }

    /// <summary>The closing line of <c>send -</c> when lines were refused (each was named as it came).</summary>
    internal static string RefusedSummary(int refused, int lines) =>
        refused == lines
            ? (lines == 1 ? "the line was not sent (see above)" : $"none of the {lines} lines was sent (see above)")
            : $"{refused} of {lines} lines {(refused == 1 ? "was" : "were")} not sent (see above); the others were";

    /// <summary>Waits until the server has handled what we sent. Without stream management a round trip is the
    /// only proof: the server handles a session's stanzas in order, so its answer to a ping comes after our
    /// messages. Closing the stream straight after writing could otherwise race their handling.</summary>
    private static async Task ConfirmAsync(VerbCall<Args, Parts> call, IReadOnlyList<string> ids)
    {
        try
        {
            await call.Client.FlushAsync(call.CancellationToken);
        }
        catch (StanzaErrorException)
        {
            // No answer in time: the messages were written; only the confirmation is missing.
            call.Context.Error.WriteLine("magpie: the server did not confirm in time; the message may still arrive");
            return;
        }
        LocalHistory.TrySetStates(call.Context, call.Extension.History, ids, DeliveryState.Acked);
    }

    /// <summary>Says on stderr (and as a JSON object with --json) which line was not sent and why.</summary>
    private static void Refuse(VerbCall<Args, Parts> call, int line, string problem)
    {
        var message = $"line {line} not sent: {problem}";
        call.Context.Error.WriteLine("magpie: " + message);
        call.Context.Error.Flush();
        if (call.Json)
        {
            JsonOutput.Write(call.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", message);
                w.WriteNumber("line", line);
                w.WriteEndObject();
            });
        }
    }

    private static async Task<string> SendOneAsync(VerbCall<Args, Parts> call, string text)
    {
        var message = new Message(call.Args.To, text, call.Args.Type)
        {
            Id = call.Client.Options.IdGenerator.NextId(),
        };
        if (call.Args.Xhtml is not null)
            XhtmlIm.SetHtml(message, call.Args.Xhtml);
        if (call.Args.Correct is not null)
            message.Set(new Replace(call.Args.Correct));
        // XEP-0085 §5.1: a chat message to a contact whose support is unknown carries <active/>.
        if (call.Args.Type == MessageType.Chat)
            ChatStates.Set(message, ChatState.Active);
        await call.Client.SendAsync(message, call.CancellationToken);
        // Stored after the send, with the origin-id the send added: the archive's copy will match it.
        LocalHistory.TryAdd(call.Context, call.Extension.History,
            HistoryMapper.ForOutgoing(message, call.Client.BoundJid ?? call.Client.Options.Jid, DateTimeOffset.UtcNow, DeliveryState.Sent));
        var id = message.Id!;
        if (call.Json)
        {
            JsonOutput.Write(call.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("to", call.Args.To.ToString());
                w.WriteString("id", id);
                w.WriteEndObject();
            });
        }
        else
        {
            call.Out.WriteLine(SafeText.Sanitize(id));
            call.Out.Flush();
        }
        return id;
    }
}
