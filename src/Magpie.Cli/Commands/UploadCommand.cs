using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Extensions.OutOfBand;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie upload FILE [--to JID | --room ROOM --nick N]</c>: uploads a file to the server's HTTP
/// upload service (XEP-0363), prints the link and optionally sends it with an OOB marker (XEP-0066).</summary>
internal static class UploadCommand
{
    private sealed record Args(string Path, Jid? To, Jid? Room, string? Nick, string[] PlainHttpHosts);

    public static void Configure(Command command, CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The file to upload." };
        var to = new Option<string?>("--to") { Description = "Also send the link to this contact.", HelpName = "JID" };
        var room = new Option<string?>("--room") { Description = "Also send the link to this room (needs --nick).", HelpName = "ROOM" };
        var nick = new Option<string?>("--nick") { Description = "The nickname to join --room with.", HelpName = "N" };
        var plainHttp = PlainHttpHostOption();
        command.Arguments.Add(file);
        command.Options.Add(to);
        command.Options.Add(room);
        command.Options.Add(nick);
        command.Options.Add(plainHttp);
        VerbRunner.Configure(command, context,
            result =>
            {
                var path = result.GetValue(file)!;
                // Checked before connecting: a typo must not cost a login.
                if (!File.Exists(path))
                    throw new UsageException($"{path}: no such file.");
                var contact = result.GetValue(to) is { } t ? VerbRunner.ParseJid(t) : null;
                var roomJid = result.GetValue(room) is { } r ? VerbRunner.ParseJid(r) : null;
                var nickname = result.GetValue(nick);
                if (contact is not null && roomJid is not null)
                    throw new UsageException("give either --to or --room, not both.");
                if (roomJid is not null && string.IsNullOrWhiteSpace(nickname))
                    throw new UsageException("--room needs --nick.");
                if (roomJid is null && nickname is not null)
                    throw new UsageException("--nick goes with --room.");
                if (roomJid is { IsBare: false })
                    throw new UsageException("--room takes the room's bare address (room@service); the nickname goes in --nick.");
                return new Args(path, contact, roomJid, nickname, result.GetValue(plainHttp) ?? []);
            },
            client => client.Use(new OutOfBandExtension()),
            RunAsync);
    }

    /// <summary>The option that allows plain http for a host the user marks as local (shared with download).</summary>
    public static Option<string[]> PlainHttpHostOption() => new("--plain-http-host")
    {
        Description = "Allow plain http (no TLS) for this host only, e.g. a server on your own machine; repeatable.",
        HelpName = "HOST",
    };

    private static async Task<int> RunAsync(VerbCall<Args, OutOfBandExtension> call)
    {
        // Same trust as the XMPP connection (--ca-file, --pin), plus any host the user marked as local.
        var policy = HttpTransferPolicy.For(call.Client.Options);
        foreach (var host in call.Args.PlainHttpHosts)
            policy.PlainHttpHosts.Add(host);
        var upload = call.Client.Use(new HttpUploadExtension(policy));
        // Join first: a room that refuses us should not cost an upload. No history: we only post a link.
        MucRoom? joined = null;
        if (call.Args.Room is { } joining)
            joined = await call.Client.Use(new MucExtension()).JoinAsync(joining, call.Args.Nick!, new MucJoinOptions { MaxStanzas = 0 }, call.CancellationToken);
        var view = new TransferProgressView(call.Context.Error, call.Context.ErrorIsTerminal, "uploading");
        UploadSlot slot;
        try
        {
            slot = await upload.UploadFileAsync(call.Args.Path, progress: view, cancellationToken: call.CancellationToken);
        }
        finally
        {
            view.Finish();
        }
        var url = slot.GetUrl;
        string? id = null;
        string? sentTo = null;
        if (call.Args.To is { } contact)
        {
            id = await call.Extension.SendLinkAsync(contact, url, MessageType.Chat, cancellationToken: call.CancellationToken);
            sentTo = contact.ToString();
        }
        else if (joined is not null)
        {
            id = await call.Extension.SendLinkAsync(joined.Jid, url, MessageType.Groupchat, cancellationToken: call.CancellationToken);
            await joined.LeaveAsync(cancellationToken: call.CancellationToken);
            sentTo = joined.Jid.ToString();
        }
        if (call.Json)
        {
            JsonOutput.Write(call.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("get_url", url.AbsoluteUri);
                w.WriteNumber("size", new FileInfo(call.Args.Path).Length);
                w.WriteString("to", sentTo);
                w.WriteString("id", id);
                w.WriteEndObject();
            });
        }
        else
        {
            call.Out.WriteLine(SafeText.Sanitize(url.AbsoluteUri));
            call.Out.Flush();
        }
        return ExitCodes.Success;
    }
}
