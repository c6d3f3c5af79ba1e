using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.JingleFileTransfer;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie send-file JID FILE [--transport ibb|s5b]</c>: sends a file straight to a contact's client
/// (XEP-0234 Jingle file transfer), no server storage: SOCKS5 (direct or the server's proxy, falling back to
/// in-band) or in-band bytestreams. Ends once the receiver confirmed the SHA-256.</summary>
internal static class SendFileCommand
{
    private sealed record Args(Jid To, string Path, FileTransport Transport);

    public static void Configure(Command command, CliContext context)
    {
        var jid = VerbRunner.JidArgument("The receiver's full JID (user@host/resource; receive-files prints it).");
        var file = new Argument<string>("FILE") { Description = "The file to send." };
        var transport = new Option<string>("--transport")
        {
            Description = "s5b: SOCKS5, direct or through the server's proxy, in-band if neither connects (default); ibb: in-band only.",
            HelpName = "ibb|s5b",
            DefaultValueFactory = _ => "s5b",
        };
        transport.AcceptOnlyFromAmong("ibb", "s5b");
        command.Arguments.Add(jid);
        command.Arguments.Add(file);
        command.Options.Add(transport);
        VerbRunner.Configure(command, context,
            result =>
            {
                var to = VerbRunner.ParseJid(result.GetValue(jid));
                if (to.IsBare)
                    throw new UsageException($"{to} has no resource: a direct transfer goes to one client, e.g. {to}/laptop (receive-files prints its full address).");
                var path = result.GetValue(file)!;
                // Checked before connecting: a typo must not cost a login.
                if (!File.Exists(path))
                    throw new UsageException($"{path}: no such file.");
                return new Args(to, path, result.GetValue(transport) == "ibb" ? FileTransport.InBand : FileTransport.Socks5);
            },
            client => client.Use(new JingleFileTransferExtension(new FileTransferOptions { MaxFileSize = 0 }) { Enabled = false }),
            RunAsync);
    }

    private static async Task<int> RunAsync(VerbCall<Args, JingleFileTransferExtension> call)
    {
        var view = new TransferProgressView(call.Context.Error, call.Context.ErrorIsTerminal, "sending");
        FileTransferResult result;
        try
        {
            result = await call.Extension.SendFileAsync(call.Args.To, call.Args.Path, call.Args.Transport, view, call.CancellationToken);
        }
        finally
        {
            view.Finish();
        }
        if (call.Json)
        {
            JsonOutput.Write(call.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("to", result.Peer.ToString());
                w.WriteString("name", result.File.Name);
                w.WriteNumber("size", result.BytesTransferred);
                w.WriteString("sha256", result.File.Sha256Base64);
                w.WriteString("transport", TransportName(result.Transport));
                w.WriteEndObject();
            });
        }
        else
        {
            call.Out.WriteLine($"sent {SafeText.Sanitize(result.File.Name)} ({result.BytesTransferred} bytes) to {SafeText.Sanitize(result.Peer.ToString())} over {TransportName(result.Transport)}");
            call.Out.Flush();
        }
        return ExitCodes.Success;
    }

    public static string TransportName(FileTransport transport) => transport == FileTransport.InBand ? "ibb" : "s5b";
}
