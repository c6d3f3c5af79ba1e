using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp.Extensions.Register;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie register</c>: creates the account given by the account options (XEP-0077).</summary>
internal static class RegisterCommand
{
    public static void Configure(Command command, CliContext context)
    {
        var account = new AccountOptions();
        account.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var json = account.IsJson(result);
            return ExitCodes.RunAsync(context, json, () => RunAsync(account, result, context, json, ct), ct);
        });
    }

    private static async Task<int> RunAsync(AccountOptions account, ParseResult result, CliContext context, bool json, CancellationToken ct)
    {
        using var setup = account.Build(result, context);
        var jid = setup.Options.Jid.Bare.ToString();
        try
        {
            await RegistrationExtension.RegisterAsync(setup.Options, cancellationToken: ct);
        }
        catch (RegistrationException ex)
        {
            // The library's message is accurate but generic; name the two cases users hit most.
            var message = ex.IsNameTaken ? $"cannot register {jid}: the name is already taken."
                : ex.IsRegistrationClosed ? $"cannot register {jid}: the server does not allow registration ({ex.Message})."
                : $"cannot register {jid}: {ex.Message}";
            return ExitCodes.Report(context, json, ExitCodes.Refused, message);
        }
        if (json)
        {
            JsonOutput.Write(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("registered", jid);
                w.WriteEndObject();
            });
        }
        else
        {
            context.Out.WriteLine($"registered {SafeText.Sanitize(jid)}");
        }
        return ExitCodes.Success;
    }
}
