using System.CommandLine;
using System.CommandLine.Help;
using Magpie.Cli.Session;
using Magpie.Cli.Tui;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie</c> with no verb, or <c>magpie chat</c>: the full-screen client. With an account
/// (<c>--jid</c> or <c>$MAGPIE_JID</c>) it logs in at once; otherwise the login screen asks.</summary>
internal static class TuiCommand
{
    public static void Configure(Command command, CliContext context)
    {
        Configure(command, context, isRoot: false);
    }

    /// <summary>Sets up <paramref name="command"/>; the root (no verb) prints help instead when there is no terminal.</summary>
    public static void Configure(Command command, CliContext context, bool isRoot)
    {
        var account = new AccountOptions();
        account.AddTo(command);
        var register = new Option<bool>("--register") { Description = "Create the account (in-band registration) before logging in." };
        command.Options.Add(register);
        command.SetAction((result, ct) =>
            ExitCodes.RunAsync(context, json: false, async () =>
            {
                if (!context.IsTerminal && isRoot)
                {
                    // Scripts and pipes get the verb list, as before the client existed.
                    new HelpAction().Invoke(result);
                    return ExitCodes.Success;
                }
                if (!context.IsTerminal)
                    throw new UsageException("the full-screen client needs a terminal; see 'magpie --help' for the command-line verbs.");
                var store = AccountStore.FromEnvironment(context.Environment);
                var hasAccount = result.GetValue(account.Jid) is not null || context.GetVariable(AccountOptions.JidVariable) is not null;
                if (!hasAccount)
                    return await TuiApp.RunAsync(null, false, store, ct);
                using var setup = account.Build(result, context);
                return await TuiApp.RunAsync(setup.Options, result.GetValue(register), store, ct, setup.LoggedIn);
            }, ct));
    }
}
