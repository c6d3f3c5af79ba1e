using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Disco;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie disco info|items JID [--node N]</c>: service discovery (XEP-0030).</summary>
internal static class DiscoCommand
{
    public static void ConfigureInfo(Command command, CliContext context)
    {
        var (jid, node) = AddArguments(command);
        VerbRunner.Configure(command, context,
            result => (Jid: VerbRunner.ParseJid(result.GetValue(jid)), Node: result.GetValue(node)),
            client => client.Use(new DiscoExtension()),
            async call =>
            {
                var info = await call.Extension.GetInfoAsync(call.Args.Jid, call.Args.Node, call.CancellationToken);
                if (call.Json)
                {
                    JsonOutput.Write(call.Out, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("jid", call.Args.Jid.ToString());
                        w.WriteString("node", call.Args.Node);
                        w.WriteStartArray("identities");
                        foreach (var identity in info.Identities)
                        {
                            w.WriteStartObject();
                            w.WriteString("category", identity.Category);
                            w.WriteString("type", identity.Type);
                            w.WriteString("name", identity.Name);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                        w.WriteStartArray("features");
                        foreach (var feature in info.Features)
                            w.WriteStringValue(feature);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                }
                else
                {
                    // Everything here is the remote entity's text.
                    foreach (var identity in info.Identities)
                    {
                        var name = identity.Name is null ? "" : "  " + SafeText.Name(identity.Name);
                        call.Out.WriteLine($"identity: {SafeText.OneLine(identity.Category)}/{SafeText.OneLine(identity.Type)}{name}");
                    }
                    foreach (var feature in info.Features)
                        call.Out.WriteLine($"feature:  {SafeText.OneLine(feature)}");
                }
                return ExitCodes.Success;
            });
    }

    public static void ConfigureItems(Command command, CliContext context)
    {
        var (jid, node) = AddArguments(command);
        VerbRunner.Configure(command, context,
            result => (Jid: VerbRunner.ParseJid(result.GetValue(jid)), Node: result.GetValue(node)),
            client => client.Use(new DiscoExtension()),
            async call =>
            {
                var items = await call.Extension.GetItemsAsync(call.Args.Jid, call.Args.Node, call.CancellationToken);
                foreach (var item in items)
                {
                    if (call.Json)
                    {
                        JsonOutput.Write(call.Out, w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("jid", item.Jid.ToString());
                            w.WriteString("node", item.Node);
                            w.WriteString("name", item.Name);
                            w.WriteEndObject();
                        });
                    }
                    else
                    {
                        var node = item.Node is null ? "-" : SafeText.OneLine(item.Node);
                        call.Out.WriteLine($"{SafeText.Address(item.Jid)}  {node}  {(item.Name is null ? "" : SafeText.Name(item.Name))}");
                    }
                }
                return ExitCodes.Success;
            });
    }

    private static (Argument<string> Jid, Option<string> Node) AddArguments(Command command)
    {
        var jid = VerbRunner.JidArgument("The entity to ask, e.g. the server's domain.");
        var node = new Option<string>("--node") { Description = "Ask about this node of the entity.", HelpName = "NODE" };
        command.Arguments.Add(jid);
        command.Options.Add(node);
        return (jid, node);
    }
}
