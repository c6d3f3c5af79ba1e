using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.SoftwareVersion;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie connect</c>: logs in, shows what was negotiated and the server's software, and leaves.</summary>
internal static class ConnectCommand
{
    /// <summary>How long to wait for the server's XEP-0092 answer; many servers never answer at all.</summary>
    private static readonly TimeSpan s_versionTimeout = TimeSpan.FromSeconds(3);

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
        await using var client = new XmppClient(setup.Options);
        var version = client.Use(new SoftwareVersionExtension());
        await client.ConnectAsync(ct);
        setup.LoggedIn(client);
        var software = await QueryServerSoftwareAsync(client, version, ct);
        var jid = client.BoundJid?.ToString() ?? setup.Options.Jid.ToString();
        var tls = client.TlsProtocol.ToString();
        var mechanism = client.SaslMechanism ?? "unknown";
        await client.DisconnectAsync(ct);

        if (json)
        {
            JsonOutput.Write(context.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("jid", jid);
                w.WriteString("tls", tls);
                w.WriteString("mechanism", mechanism);
                if (software is null)
                    w.WriteNull("server_software");
                else
                {
                    w.WriteStartObject("server_software");
                    w.WriteString("name", software.Name);
                    w.WriteString("version", software.Version);
                    w.WriteString("os", software.Os);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            });
        }
        else
        {
            // The bound JID and the software strings come from the server: sanitise them.
            context.Out.WriteLine($"jid:       {SafeText.Sanitize(jid)}");
            context.Out.WriteLine($"tls:       {tls}");
            context.Out.WriteLine($"mechanism: {SafeText.Sanitize(mechanism)}");
            context.Out.WriteLine($"server:    {(software is null ? "unknown" : SafeText.Sanitize(software.Describe()))}");
        }
        return ExitCodes.Success;
    }

    /// <summary>XEP-0092 to the account's domain; null when the server refuses or stays silent.</summary>
    private static async Task<ServerSoftware?> QueryServerSoftwareAsync(XmppClient client, SoftwareVersionExtension version, CancellationToken ct)
    {
        try
        {
            var info = await version.GetAsync(Jid.Create(null, client.Options.Jid.Domain), s_versionTimeout, ct);
            return new ServerSoftware(info.Name, info.Version, info.OperatingSystem);
        }
        catch (Exception ex) when (ex is StanzaErrorException or XmppPayloadException)
        {
            return null; // refused, timed out or incomplete: "unknown" is the honest answer
        }
    }
}
