using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Blocking;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie block JID</c> and <c>magpie unblock JID</c> (XEP-0191).</summary>
internal static class BlockCommand
{
    public static void ConfigureBlock(Command command, CliContext context) =>
        Configure(command, context, "The JID to block.", "blocked", (b, jid, ct) => b.BlockAsync([jid], ct));

    public static void ConfigureUnblock(Command command, CliContext context) =>
        Configure(command, context, "The JID to unblock.", "unblocked", (b, jid, ct) => b.UnblockAsync([jid], ct));

    private static void Configure(Command command, CliContext context, string description, string done, Func<BlockingExtension, Jid, CancellationToken, Task> change)
    {
        var jid = VerbRunner.JidArgument(description);
        command.Arguments.Add(jid);
        VerbRunner.Configure(command, context,
            result => VerbRunner.ParseJid(result.GetValue(jid)),
            client => client.Use(new BlockingExtension()),
            async call =>
            {
                await change(call.Extension, call.Args, call.CancellationToken);
                if (call.Json)
                    JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString(done, call.Args.ToString()); w.WriteEndObject(); });
                else
                    call.Out.WriteLine($"{done} {SafeText.Sanitize(call.Args.ToString())}");
                return ExitCodes.Success;
            });
    }
}
