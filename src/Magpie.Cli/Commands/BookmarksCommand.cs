using System.CommandLine;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Bookmarks;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie bookmarks list|add|remove</c>: bookmarked rooms (XEP-0402, or XEP-0048 on older servers).</summary>
internal static class BookmarksCommand
{
    // The verbs only edit the list: joining the autojoin rooms is for sessions that stay.
    private static BookmarksExtension Attach(XmppClient client) => client.Use(new BookmarksExtension { AutojoinOnLogin = false });

    public static void ConfigureList(Command command, CliContext context) =>
        VerbRunner.Configure(command, context,
            _ => 0,
            Attach,
            async call =>
            {
                var bookmarks = await call.Extension.GetBookmarksAsync(call.CancellationToken);
                foreach (var b in bookmarks.OrderBy(b => b.Room.ToString(), StringComparer.Ordinal))
                {
                    if (call.Json)
                    {
                        JsonOutput.Write(call.Out, w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("room", b.Room.ToString());
                            w.WriteString("name", b.Name);
                            w.WriteBoolean("autojoin", b.Autojoin);
                            w.WriteString("nick", b.Nick);
                            w.WriteEndObject();
                        });
                    }
                    else
                    {
                        // Bookmarks may have been written by any client of the account: sanitise names.
                        call.Out.WriteLine($"{SafeText.Address(b.Room)}  {(string.IsNullOrEmpty(b.Name) ? "-" : SafeText.Name(b.Name))}  {(b.Autojoin ? "autojoin" : "-")}  {(b.Nick is null ? "-" : SafeText.Name(b.Nick))}");
                    }
                }
                return ExitCodes.Success;
            });

    public static void ConfigureAdd(Command command, CliContext context)
    {
        var room = new Argument<string>("ROOM") { Description = "The room, name@service." };
        var autojoin = new Option<bool>("--autojoin") { Description = "Join the room at every login." };
        var name = new Option<string>("--name") { Description = "A display name.", HelpName = "NAME" };
        var nick = new Option<string>("--nick") { Description = "The nickname to join with.", HelpName = "NICK" };
        command.Arguments.Add(room);
        command.Options.Add(autojoin);
        command.Options.Add(name);
        command.Options.Add(nick);
        VerbRunner.Configure(command, context,
            result => new Bookmark(ParseRoom(result.GetValue(room)), result.GetValue(name), result.GetValue(autojoin), result.GetValue(nick)),
            Attach,
            async call =>
            {
                await call.Extension.AddAsync(call.Args, call.CancellationToken);
                return Done(call, "added", call.Args.Room);
            });
    }

    public static void ConfigureRemove(Command command, CliContext context)
    {
        var room = new Argument<string>("ROOM") { Description = "The room, name@service." };
        command.Arguments.Add(room);
        VerbRunner.Configure(command, context,
            result => ParseRoom(result.GetValue(room)),
            Attach,
            async call =>
            {
                await call.Extension.RemoveAsync(call.Args, call.CancellationToken);
                return Done(call, "removed", call.Args);
            });
    }

    private static Jid ParseRoom(string? text)
    {
        var jid = VerbRunner.ParseJid(text);
        return jid.Local is null ? throw new UsageException($"'{text}' is not a room: give it as name@service.") : jid.Bare;
    }

    private static int Done<TArgs>(VerbCall<TArgs, BookmarksExtension> call, string what, Jid room)
    {
        if (call.Json)
            JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString(what, room.ToString()); w.WriteEndObject(); });
        else
            call.Out.WriteLine($"{what} {SafeText.Address(room)}");
        return ExitCodes.Success;
    }
}
