using System.CommandLine;
using System.Globalization;
using Magpie.Cli.Rendering;
using Magpie.Xmpp.Extensions.Ping;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie ping JID</c>: one XEP-0199 ping and its round trip.</summary>
internal static class PingCommand
{
    public static void Configure(Command command, CliContext context)
    {
        var jid = VerbRunner.JidArgument("Whom to ping: a server, a full JID, a component.");
        command.Arguments.Add(jid);
        VerbRunner.Configure(command, context,
            result => VerbRunner.ParseJid(result.GetValue(jid)),
            client => client.Use(new PingExtension()),
            async call =>
            {
                var answer = await call.Extension.PingAsync(call.Args, cancellationToken: call.CancellationToken);
                var ms = Math.Round(answer.RoundTrip.TotalMilliseconds, 1);
                var target = call.Args.ToString();
                if (call.Json)
                {
                    JsonOutput.Write(call.Out, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("jid", target);
                        w.WriteNumber("rtt_ms", ms);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    call.Out.WriteLine(Describe(target, answer));
                }
                return ExitCodes.Success;
            });
    }

    /// <summary>One answer as the verb and the full-screen client's /ping print it: "target: 1.2 ms" (sanitised).</summary>
    internal static string Describe(string target, PingResult answer)
    {
        var ms = Math.Round(answer.RoundTrip.TotalMilliseconds, 1);
        // An error answer still proves the entity is there; say so rather than hide it.
        var note = answer.AnsweredWithError ? " (answered with an error: ping not supported)" : "";
        return $"{SafeText.Sanitize(target)}: {ms.ToString("0.0", CultureInfo.InvariantCulture)} ms{note}";
    }
}
