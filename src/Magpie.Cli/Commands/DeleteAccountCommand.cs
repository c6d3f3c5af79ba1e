using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp.Extensions.Register;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie delete-account --yes</c>: deletes the account on the server, irreversibly.</summary>
internal static class DeleteAccountCommand
{
    public static void Configure(Command command, CliContext context)
    {
        var yes = new Option<bool>("--yes") { Description = "Really delete the account; nothing happens without it." };
        command.Options.Add(yes);
        VerbRunner.Configure(command, context,
            // Checked before connecting: without --yes nothing may touch the server.
            result => result.GetValue(yes) ? true : throw new UsageException("refusing without --yes: delete-account cannot be undone."),
            client => client.Use(new RegistrationExtension()),
            async call =>
            {
                var jid = call.Client.Options.Jid.Bare.ToString();
                await call.Extension.CancelRegistrationAsync(call.CancellationToken);
                // Not offered again by the login screen (the rule /delete-account follows too).
                Session.AccountStore.FromGivenEnvironment(context.GetVariable)?.TryForget(jid);
                if (call.Json)
                    JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString("deleted", jid); w.WriteEndObject(); });
                else
                    call.Out.WriteLine($"deleted {SafeText.Sanitize(jid)}");
                return ExitCodes.Success;
            });
    }
}
