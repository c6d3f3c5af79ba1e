using System.CommandLine;
using Magpie.Xmpp;

namespace Magpie.Cli.Commands;

/// <summary>What the logged-in verbs share: the account options, a session around the body, and JID arguments.</summary>
internal static class VerbRunner
{
    /// <summary>A required JID argument; parsed in the action so a bad one exits 1 through <see cref="UsageException"/>.</summary>
    public static Argument<string> JidArgument(string description) => new("JID") { Description = description };

    /// <summary>Parses a JID typed by the user.</summary>
    /// <exception cref="UsageException">It is not a valid JID.</exception>
    public static Jid ParseJid(string? text) =>
        Jid.TryParse(text, out var jid) ? jid : throw new UsageException($"'{text}' is not a valid JID.");

    /// <summary>Adds the account options and an action that logs in, runs <paramref name="body"/> and logs out.</summary>
    /// <param name="command">The verb.</param>
    /// <param name="context">Where output goes.</param>
    /// <param name="prepare">Runs before anything connects (argument checks, loading files); its result goes to the body.</param>
    /// <param name="attach">Adds the extensions the body needs, before connecting.</param>
    /// <param name="body">The verb's work on the connected client; returns the exit code.</param>
    /// <param name="reconnect">For long-running verbs: how to reconnect after a lost connection (none by default).</param>
    public static void Configure<TArgs, TExt>(
        Command command,
        CliContext context,
        Func<ParseResult, TArgs> prepare,
        Func<XmppClient, TExt> attach,
        Func<VerbCall<TArgs, TExt>, Task<int>> body,
        ReconnectPolicy? reconnect = null)
    {
        var account = new AccountOptions();
        account.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var json = account.IsJson(result);
            return ExitCodes.RunAsync(context, json, async () =>
            {
                // Usage checks first: a bad JID must not cost a password prompt or a connection.
                UserText.CheckCommandLine(result);
                var args = prepare(result);
                using var setup = account.Build(result, context, reconnect);
                IDisposable? owned = null;
                try
                {
                    await using var client = new XmppClient(setup.Options);
                    var extension = attach(client);
                    // What the verb opened for itself (a database) is closed after the client is gone.
                    owned = extension as IDisposable;
                    await client.ConnectAsync(ct);
                    setup.LoggedIn(client);
                    var code = await body(new VerbCall<TArgs, TExt>(client, extension, args, context, json, ct));
                    try
                    {
                        if (client.IsConnected)
                            await client.DisconnectAsync(ct);
                    }
                    catch (Exception ex) when (ex is XmppException or IOException)
                    {
                        // The verb's work is done and reported (delete-account even makes the server hang up):
                        // a messy goodbye must not turn success into failure.
                    }
                    return code;
                }
                finally
                {
                    owned?.Dispose();
                }
            }, ct);
        });
    }
}
