using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Im;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie roster list|add|remove</c>: the contact list (RFC 6121 §2).</summary>
internal static class RosterCommand
{
    public static void ConfigureList(Command command, CliContext context) =>
        VerbRunner.Configure(command, context,
            _ => 0,
            client => client.Use(new RosterManager()),
            async call =>
            {
                var items = await call.Extension.GetRosterAsync(call.CancellationToken);
                foreach (var item in items.OrderBy(i => i.Jid.ToString(), StringComparer.Ordinal))
                    Write(call, item);
                return ExitCodes.Success;
            });

    public static void ConfigureAdd(Command command, CliContext context)
    {
        var jid = VerbRunner.JidArgument("The contact to add or update.");
        var name = new Option<string>("--name") { Description = "The contact's display name.", HelpName = "NAME" };
        var groups = new Option<string[]>("--group") { Description = "A group to put the contact in; repeatable.", HelpName = "GROUP" };
        command.Arguments.Add(jid);
        command.Options.Add(name);
        command.Options.Add(groups);
        VerbRunner.Configure(command, context,
            result => (Jid: VerbRunner.ParseJid(result.GetValue(jid)).Bare, Name: result.GetValue(name), Groups: result.GetValue(groups) ?? []),
            client => client.Use(new RosterManager()),
            async call =>
            {
                await call.Extension.AddOrUpdateAsync(call.Args.Jid, call.Args.Name, call.Args.Groups, call.CancellationToken);
                return Done(call, "added", call.Args.Jid);
            });
    }

    public static void ConfigureRemove(Command command, CliContext context)
    {
        var jid = VerbRunner.JidArgument("The contact to remove.");
        command.Arguments.Add(jid);
        VerbRunner.Configure(command, context,
            result => VerbRunner.ParseJid(result.GetValue(jid)).Bare,
            client => client.Use(new RosterManager()),
            async call =>
            {
                await call.Extension.RemoveAsync(call.Args, call.CancellationToken);
                return Done(call, "removed", call.Args);
            });
    }

    private static int Done<TArgs>(VerbCall<TArgs, RosterManager> call, string what, Jid jid)
    {
        if (call.Json)
            JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString(what, jid.ToString()); w.WriteEndObject(); });
        else
            call.Out.WriteLine($"{what} {SafeText.Address(jid)}");
        return ExitCodes.Success;
    }

    private static void Write<TArgs>(VerbCall<TArgs, RosterManager> call, RosterItem item)
    {
        var subscription = item.Subscription.ToString().ToLowerInvariant();
        if (call.Json)
        {
            JsonOutput.Write(call.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("jid", item.Jid.ToString());
                w.WriteString("name", item.Name);
                w.WriteStartArray("groups");
                foreach (var group in item.Groups)
                    w.WriteStringValue(group);
                w.WriteEndArray();
                w.WriteString("subscription", subscription);
                // Extra field: a request of ours still waiting for the contact's answer.
                w.WriteBoolean("pending_out", item.Ask);
                w.WriteEndObject();
            });
        }
        else
        {
            // Names and groups are chosen by whoever edited the roster, JIDs come from the server: sanitise all.
            var groups = string.Join(", ", item.Groups.Select(g => SafeText.Name(g)));
            var name = string.IsNullOrEmpty(item.Name) ? "-" : SafeText.Name(item.Name);
            call.Out.WriteLine($"{SafeText.Address(item.Jid)}  {name}  [{groups}]  {subscription}");
        }
    }
}
