using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Im;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie sub request|approve|deny|cancel JID</c>: presence subscriptions (RFC 6121 §3).</summary>
internal static class SubCommand
{
    public static void ConfigureRequest(Command command, CliContext context) =>
        Configure(command, context, "Whose presence to ask for.", "requested", (s, jid, ct) => s.RequestSubscriptionAsync(jid, cancellationToken: ct));

    public static void ConfigureApprove(Command command, CliContext context) =>
        Configure(command, context, "Who may see our presence.", "approved", (s, jid, ct) => s.ApproveAsync(jid, ct));

    public static void ConfigureDeny(Command command, CliContext context) =>
        Configure(command, context, "Whose request to refuse.", "denied", (s, jid, ct) => s.DenyAsync(jid, ct));

    public static void ConfigureCancel(Command command, CliContext context) =>
        Configure(command, context, "Who may no longer see our presence.", "cancelled", (s, jid, ct) => s.CancelAsync(jid, ct));

    private static void Configure(Command command, CliContext context, string description, string done, Func<SubscriptionManager, Jid, CancellationToken, Task> send)
    {
        var jid = VerbRunner.JidArgument(description);
        command.Arguments.Add(jid);
        VerbRunner.Configure(command, context,
            result => VerbRunner.ParseJid(result.GetValue(jid)).Bare,
            client => client.Use(new SubscriptionManager()),
            async call =>
            {
                // The server handles subscription presence without initial presence; sending is enough.
                await send(call.Extension, call.Args, call.CancellationToken);
                if (call.Json)
                    JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString(done, call.Args.ToString()); w.WriteEndObject(); });
                else
                    call.Out.WriteLine($"{done} {SafeText.Sanitize(call.Args.ToString())}");
                return ExitCodes.Success;
            });
    }
}
