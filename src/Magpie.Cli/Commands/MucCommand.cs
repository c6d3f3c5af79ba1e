using System.CommandLine;
using System.Globalization;
using Magpie.Cli.Rendering;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Xml;

namespace Magpie.Cli.Commands;

/// <summary><c>magpie muc …</c>: multi-user chat (XEP-0045): discovery, joining, talking, creating and moderating rooms.</summary>
internal static class MucCommand
{
    private sealed record JoinArgs(Jid Room, string Nick, string? Password, int? History, int? Count, TimeSpan? Timeout)
    {
        private bool PrintMembers(System.Text.StringBuilder builder) => Magpie.Xmpp.Diagnostics.RedactedMembers.Print(this, builder);
    }

    private static MucExtension Attach(XmppClient client) => client.Use(new MucExtension { SelfPingInterval = null });

    private static Argument<string> RoomArgument() => new("ROOM") { Description = "The room, name@service." };

    private static Option<string> NickOption(bool required)
    {
        var option = new Option<string>("--nick")
        {
            Description = required ? "Our nickname in the room." : "Our nickname in the room (default: the account's user name).",
            HelpName = "NICK",
            Required = required,
        };
        // A nick is the resourcepart of our address in the room: one that cannot be is a usage error, said as such.
        option.Validators.Add(result =>
        {
            // Characters XML cannot carry are UserText's to report, the same way for every option.
            if (result.GetValueOrDefault<string>() is { } nick && XmlChars.IndexOfInvalid(nick) < 0 && NickProblem(nick) is { } problem)
                result.AddError($"--nick {SafeText.Name(nick)} cannot be a nickname: {problem}.");
        });
        return option;
    }

    /// <summary>Why <paramref name="nick"/> cannot be a room nickname, or null when it can.</summary>
    internal static string? NickProblem(string nick)
    {
        if (nick.Length == 0)
            return "it is empty";
        try
        {
            _ = Jid.Create("room", "muc.example", nick);
            return null;
        }
        catch (JidFormatException ex)
        {
            // "Invalid JID "…": the resourcepart contains …" → what is wrong with the nick itself.
            var reason = ex.Message;
            var colon = reason.IndexOf(": ", StringComparison.Ordinal);
            return (colon >= 0 ? reason[(colon + 2)..] : reason).Replace("the resourcepart", "it", StringComparison.Ordinal).TrimEnd('.');
        }
    }

    private static Jid ParseRoom(string? text)
    {
        var jid = VerbRunner.ParseJid(text);
        return jid.Local is null ? throw new UsageException($"'{text}' is not a room: give it as name@service.") : jid.Bare;
    }

    private static string NickOrDefault(string? nick, XmppClient client) => nick ?? client.Options.Jid.Local ?? "magpie";

    public static void ConfigureList(Command command, CliContext context)
    {
        var service = new Argument<string>("SERVICE") { Description = "The MUC service, e.g. conference.example.org." };
        command.Arguments.Add(service);
        VerbRunner.Configure(command, context,
            result => VerbRunner.ParseJid(result.GetValue(service)),
            Attach,
            async call =>
            {
                var rooms = await call.Extension.ListRoomsAsync(call.Args, call.CancellationToken);
                foreach (var room in rooms.OrderBy(r => r.Jid.ToString(), StringComparer.Ordinal))
                {
                    if (call.Json)
                        JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString("jid", room.Jid.ToString()); w.WriteString("name", room.Name); w.WriteEndObject(); });
                    else
                        call.Out.WriteLine($"{SafeText.Address(room.Jid)}  {(string.IsNullOrEmpty(room.Name) ? "-" : SafeText.Name(room.Name))}");
                }
                return ExitCodes.Success;
            });
    }

    public static void ConfigureInfo(Command command, CliContext context)
    {
        var room = RoomArgument();
        command.Arguments.Add(room);
        VerbRunner.Configure(command, context,
            result => ParseRoom(result.GetValue(room)),
            Attach,
            async call =>
            {
                var info = await call.Extension.GetRoomInfoAsync(call.Args, call.CancellationToken);
                var flags = new List<string>();
                if (info.IsPasswordProtected) flags.Add("password-protected");
                if (info.IsMembersOnly) flags.Add("members-only");
                if (info.IsModerated) flags.Add("moderated");
                if (info.IsPersistent) flags.Add("persistent");
                if (info.IsPublic) flags.Add("public");
                if (info.IsNonAnonymous) flags.Add("non-anonymous");
                if (call.Json)
                {
                    JsonOutput.Write(call.Out, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("jid", info.Jid.ToString());
                        w.WriteString("name", info.Name);
                        w.WriteString("description", info.Description);
                        w.WriteString("subject", info.Subject);
                        if (info.OccupantCount is { } n) w.WriteNumber("occupants", n); else w.WriteNull("occupants");
                        w.WriteStartArray("flags");
                        flags.ForEach(w.WriteStringValue);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                    return ExitCodes.Success;
                }
                call.Out.WriteLine($"room: {SafeText.Address(info.Jid)}");
                call.Out.WriteLine($"name: {SafeText.Name(info.Name)}");
                if (info.Description is not null) call.Out.WriteLine($"description: {SafeText.OneLine(info.Description)}");
                if (info.Subject is not null) call.Out.WriteLine($"subject: {SafeText.OneLine(info.Subject)}");
                if (info.OccupantCount is { } count) call.Out.WriteLine($"occupants: {count.ToString(CultureInfo.InvariantCulture)}");
                call.Out.WriteLine($"flags: {string.Join(", ", flags)}");
                return ExitCodes.Success;
            });
    }

    public static void ConfigureJoin(Command command, CliContext context)
    {
        var room = RoomArgument();
        var nick = NickOption(required: true);
        // --password-file is the account's password: the room's needs a name of its own.
        var password = new Option<string>("--room-password-file") { Description = "Read the room password from the first line of this file.", HelpName = "PATH" };
        var history = new Option<int?>("--history") { Description = "Ask for at most this many history messages.", HelpName = "N" };
        var stop = new StopConditions("Exit after this many messages with a body (history included).");
        command.Arguments.Add(room);
        foreach (var o in new Option[] { nick, password, history })
            command.Options.Add(o);
        stop.AddTo(command);
        VerbRunner.Configure(command, context,
            result =>
            {
                var (n, total) = stop.Read(result);
                if (result.GetValue(history) is < 0)
                    throw new UsageException("--history must not be negative.");
                return new JoinArgs(ParseRoom(result.GetValue(room)), result.GetValue(nick)!, ReadRoomPassword(result.GetValue(password)),
                    result.GetValue(history), n, total);
            },
            Attach,
            RunJoinAsync,
            // Staying in a room is long-running: a lost connection is repaired in the background, and the
            // room is rejoined on a new session (MucExtension does that), so the verb keeps printing.
            reconnect: new ReconnectPolicy());
    }

    private static string? ReadRoomPassword(string? path)
    {
        if (path is null)
            return null;
        try
        {
            using var reader = new StreamReader(path);
            var line = reader.ReadLine();
            return string.IsNullOrEmpty(line) ? throw new UsageException($"--room-password-file {path}: the first line is empty.") : line;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--room-password-file {path}: {ex.Message}", ex);
        }
    }

    private static async Task<int> RunJoinAsync(VerbCall<JoinArgs, MucExtension> call)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken);
        if (call.Args.Timeout is { } total)
            deadline.CancelAfter(total);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new object();
        var bodies = 0;
        var muc = call.Extension;
        var target = call.Args.Room;
        void Note(MucRoom room, string text)
        {
            if (room.Jid != target)
                return;
            lock (gate)
            {
                call.Context.Error.WriteLine(text);
                call.Context.Error.Flush();
            }
        }
        void Show(MucMessageEventArgs e)
        {
            if (e.Room.Jid != target)
                return;
            lock (gate)
            {
                if (done.Task.IsCompleted)
                    return;
                MessageLine.Write(call.Out, call.Json, e.Message, null, e.ChatState, e.Nick, inRoom: true, account: call.Client.BoundJid);
                if (e.Message.Body is not null && call.Args.Count is { } wanted && ++bodies >= wanted)
                    done.TrySetResult();
            }
        }
        // Attached before joining: history arrives right after our self-presence.
        muc.MessageReceived += (_, e) => Show(e);
        muc.ChatStateReceived += (_, e) => Show(e);
        muc.SubjectChanged += (_, e) => Note(e.Room, $"* subject: {SafeText.OneLine(e.Subject)}");
        muc.OccupantJoined += (_, e) => Note(e.Room, $"* {SafeText.Name(e.Occupant.Nick)} joined");
        muc.OccupantLeft += (_, e) => Note(e.Room, $"* {SafeText.Name(e.Occupant.Nick)} {Describe(e.Reason)}{(e.ReasonText is null ? "" : ": " + SafeText.OneLine(e.ReasonText))}");
        muc.NickChanged += (_, e) => Note(e.Room, $"* {SafeText.Name(e.OldNick)} is now {SafeText.Name(e.Occupant.Nick)}");
        muc.PrivateMessageReceived += (_, e) => Note(e.Room, $"* private from {SafeText.Name(e.Nick)}: {SafeText.Sanitize(e.Message.Body)}");
        muc.RoomLeft += (_, e) =>
        {
            if (e.Room.Jid == target && e.Reason != MucLeaveReason.Left)
                done.TrySetException(new RoomExitException($"removed from {e.Room.Jid}: {Describe(e.Reason)}{(e.ReasonText is null ? "" : ": " + e.ReasonText)}"));
        };
        call.Client.Disconnected += (_, e) =>
            done.TrySetException(new XmppConnectionException("the connection was lost" + (e.Error is null ? "" : ": " + e.Error.Message)));
        ConnectionNotices.Attach(call.Client, call.Context, gate, "reconnected (new session; rejoining the room)");

        var options = new MucJoinOptions { Password = call.Args.Password, MaxStanzas = call.Args.History };
        MucRoom? room = null;
        // Joining is the start-up: a cut before the room lets us in is repaired like any other, and the join
        // done again on the session that follows. Once in, MucExtension rejoins after every new session.
        using var startup = SessionStartup.Start(call.Client,
            async ct => room ??= await muc.JoinAsync(target, call.Args.Nick, options, ct),
            ex => Note(room!, "* could not rejoin: " + SafeText.OneLine(ex.Message)), deadline.Token);
        try
        {
            if (await Task.WhenAny(startup.Ready, done.Task).WaitAsync(deadline.Token) == startup.Ready)
            {
                await startup.Ready;
                lock (gate)
                {
                    if (room!.IsNewlyCreated)
                        call.Context.Error.WriteLine(CreatedNotice(room.Jid, persistent: false));
                    call.Context.Error.WriteLine($"joined {SafeText.Address(room.Jid)} as {SafeText.Name(room.Nick)}");
                    call.Context.Error.Flush();
                }
            }
            await done.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!call.CancellationToken.IsCancellationRequested)
        {
            lock (gate)
                done.TrySetCanceled();
            if (room is not null)
                await LeaveQuietlyAsync(room);
            return ExitCodes.Report(call.Context, call.Json, ExitCodes.Timeout,
                $"timed out after {call.Args.Timeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (RoomExitException ex)
        {
            return ExitCodes.Report(call.Context, call.Json, ExitCodes.Refused, ex.Message);
        }
        if (room is not null)
            await LeaveQuietlyAsync(room);
        return ExitCodes.Success;
    }

    private sealed class RoomExitException(string message) : Exception(message);

    /// <summary>What a verb says on stderr when its join created the room (the library has opened it already).</summary>
    private static string CreatedNotice(Jid room, bool persistent) =>
        $"created {SafeText.Address(room)}: it did not exist, so it was made " +
        (persistent ? "(persistent, otherwise the service's default configuration)" : "as an instant room (the service's default configuration)") +
        "; others can join it";

    /// <summary>A room a one-shot verb creates must outlive the verb, which leaves it at once.</summary>
    private static readonly IReadOnlyDictionary<string, string> PersistentRoom =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["muc#roomconfig_persistentroom"] = "1" };

    private static async Task LeaveQuietlyAsync(MucRoom room)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await room.LeaveAsync(cancellationToken: quick.Token);
        }
        catch (Exception ex) when (ex is XmppException or OperationCanceledException)
        {
            // Leaving is a courtesy; disconnecting leaves the room anyway.
        }
    }

    private static string Describe(MucLeaveReason reason) => reason switch
    {
        MucLeaveReason.Kicked => "was kicked",
        MucLeaveReason.Banned => "was banned",
        MucLeaveReason.AffiliationChanged => "was removed (affiliation changed)",
        MucLeaveReason.MembersOnly => "was removed (room is now members-only)",
        MucLeaveReason.Shutdown => "was removed (service shutting down)",
        MucLeaveReason.TechnicalError => "was removed (technical problem)",
        MucLeaveReason.RoomDestroyed => "left: the room was destroyed",
        MucLeaveReason.Disconnected => "was disconnected",
        _ => "left",
    };

    public static void ConfigureSend(Command command, CliContext context)
    {
        var room = RoomArgument();
        var text = new Argument<string>("TEXT") { Description = "The message." };
        var nick = NickOption(required: true);
        command.Arguments.Add(room);
        command.Arguments.Add(text);
        command.Options.Add(nick);
        VerbRunner.Configure(command, context,
            result => (Room: ParseRoom(result.GetValue(room)), Text: result.GetValue(text)!, Nick: result.GetValue(nick)!),
            Attach,
            async call =>
            {
                var reflected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                string? id = null;
                call.Extension.MessageReceived += (_, e) =>
                {
                    if (e.IsOwn && e.Room.Jid == call.Args.Room && e.Message.Id == Volatile.Read(ref id))
                        reflected.TrySetResult();
                };
                // A room that does not exist is made (and kept, so the message is there for whoever comes);
                // a service that will not make it fails the join, and the verb, with a refusal.
                var joined = await call.Extension.JoinAsync(call.Args.Room, call.Args.Nick,
                    new MucJoinOptions { MaxStanzas = 0, NewRoomConfiguration = PersistentRoom }, call.CancellationToken);
                if (joined.IsNewlyCreated)
                    call.Context.Error.WriteLine(CreatedNotice(joined.Jid, persistent: true));
                var message = new Message(call.Args.Room, call.Args.Text, MessageType.Groupchat) { Id = call.Client.Options.IdGenerator.NextId() };
                Volatile.Write(ref id, message.Id);
                await call.Client.SendAsync(message, call.CancellationToken);
                // The room echoes what it accepted: wait for it so leaving cannot overtake the message.
                await WaitOrRefusedAsync(call.Client, call.Args.Room, reflected.Task, call.CancellationToken);
                await LeaveQuietlyAsync(joined);
                if (call.Json)
                    JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString("room", call.Args.Room.ToString()); w.WriteString("id", message.Id); w.WriteEndObject(); });
                else
                    call.Out.WriteLine(SafeText.Sanitize(message.Id));
                return ExitCodes.Success;
            });
    }

    /// <summary>Waits for <paramref name="confirmed"/>, failing with the room's error message if one comes first.</summary>
    private static async Task WaitOrRefusedAsync(XmppClient client, Jid room, Task confirmed, CancellationToken cancellationToken)
    {
        var refused = new TaskCompletionSource<StanzaError>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnMessage(object? sender, Message m)
        {
            if (m.IsError && m.From?.Bare == room)
                refused.TrySetResult(m.Error ?? new StanzaError(StanzaErrorType.Cancel, "undefined-condition"));
        }
        client.MessageReceived += OnMessage;
        try
        {
            var first = await Task.WhenAny(confirmed, refused.Task).WaitAsync(client.Options.ResponseTimeout, cancellationToken);
            if (first == refused.Task)
                throw new StanzaErrorException(await refused.Task);
        }
        catch (TimeoutException)
        {
            throw new CommandTimeoutException("the room did not confirm in time");
        }
        finally
        {
            client.MessageReceived -= OnMessage;
        }
    }

    public static void ConfigureOccupants(Command command, CliContext context)
    {
        var room = RoomArgument();
        var nick = NickOption(required: true);
        command.Arguments.Add(room);
        command.Options.Add(nick);
        VerbRunner.Configure(command, context,
            result => (Room: ParseRoom(result.GetValue(room)), Nick: result.GetValue(nick)!),
            Attach,
            async call =>
            {
                var joined = await call.Extension.JoinAsync(call.Args.Room, call.Args.Nick, new MucJoinOptions { MaxStanzas = 0 }, call.CancellationToken);
                var occupants = joined.Occupants;
                await LeaveQuietlyAsync(joined);
                foreach (var o in occupants)
                {
                    var role = o.Role.ToString().ToLowerInvariant();
                    var affiliation = o.Affiliation.ToString().ToLowerInvariant();
                    if (call.Json)
                    {
                        JsonOutput.Write(call.Out, w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("nick", o.Nick);
                            w.WriteString("role", role);
                            w.WriteString("affiliation", affiliation);
                            w.WriteString("jid", o.RealJid?.ToString());
                            w.WriteBoolean("self", o.Nick == joined.Nick);
                            w.WriteEndObject();
                        });
                    }
                    else
                    {
                        call.Out.WriteLine($"{SafeText.Name(o.Nick)}  {role}  {affiliation}  {(o.RealJid is null ? "-" : SafeText.Address(o.RealJid))}");
                    }
                }
                return ExitCodes.Success;
            });
    }

    public static void ConfigureCreate(Command command, CliContext context)
    {
        var room = RoomArgument();
        var nick = NickOption(required: true);
        var config = new Option<string[]>("--config") { Description = "Set a configuration field, e.g. muc#roomconfig_roomname=Lobby; repeatable. Rooms are persistent unless muc#roomconfig_persistentroom=0.", HelpName = "KEY=VALUE" };
        command.Arguments.Add(room);
        command.Options.Add(nick);
        command.Options.Add(config);
        VerbRunner.Configure(command, context,
            result =>
            {
                // A CLI-made room must outlive the verb, which leaves it at once.
                var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["muc#roomconfig_persistentroom"] = "1" };
                foreach (var pair in result.GetValue(config) ?? [])
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                        throw new UsageException($"--config '{pair}': expected KEY=VALUE.");
                    values[pair[..eq]] = pair[(eq + 1)..];
                }
                return (Room: ParseRoom(result.GetValue(room)), Nick: result.GetValue(nick)!, Config: values);
            },
            Attach,
            async call =>
            {
                MucRoom created;
                try
                {
                    created = await call.Extension.CreateRoomAsync(call.Args.Room, call.Args.Nick, call.Args.Config, call.CancellationToken);
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException("--config: " + ex.Message, ex);
                }
                await LeaveQuietlyAsync(created);
                return Done(call, "created", call.Args.Room);
            });
    }

    public static void ConfigureDestroy(Command command, CliContext context)
    {
        var room = RoomArgument();
        var reason = new Option<string>("--reason") { Description = "Tell the occupants why." };
        command.Arguments.Add(room);
        command.Options.Add(reason);
        VerbRunner.Configure(command, context,
            result => (Room: ParseRoom(result.GetValue(room)), Reason: result.GetValue(reason)),
            Attach,
            async call =>
            {
                await call.Extension.DestroyRoomAsync(call.Args.Room, call.Args.Reason, cancellationToken: call.CancellationToken);
                return Done(call, "destroyed", call.Args.Room);
            });
    }

    public static void ConfigureInvite(Command command, CliContext context)
    {
        var room = RoomArgument();
        var jid = VerbRunner.JidArgument("Who to invite.");
        var reason = new Option<string>("--reason") { Description = "A message for the invitee." };
        var password = new Option<string>("--room-password-file") { Description = "Include the room password from the first line of this file.", HelpName = "PATH" };
        var mediated = new Option<bool>("--mediated") { Description = "Invite through the room (XEP-0045) instead of directly (XEP-0249); joins the room briefly." };
        var nick = NickOption(required: false);
        command.Arguments.Add(room);
        command.Arguments.Add(jid);
        foreach (var o in new Option[] { reason, password, mediated, nick })
            command.Options.Add(o);
        VerbRunner.Configure(command, context,
            result => (Room: ParseRoom(result.GetValue(room)), To: VerbRunner.ParseJid(result.GetValue(jid)), Reason: result.GetValue(reason),
                Password: ReadRoomPassword(result.GetValue(password)), Mediated: result.GetValue(mediated), Nick: result.GetValue(nick)),
            Attach,
            async call =>
            {
                if (call.Args.Mediated)
                {
                    // Rooms relay invitations from occupants only.
                    var joined = await call.Extension.JoinAsync(call.Args.Room, NickOrDefault(call.Args.Nick, call.Client),
                        new MucJoinOptions { MaxStanzas = 0, Password = call.Args.Password }, call.CancellationToken);
                    await joined.InviteAsync(call.Args.To, call.Args.Reason, call.CancellationToken);
                    await LeaveQuietlyAsync(joined);
                }
                else
                {
                    // XEP-0249: needs no presence in the room and reaches the invitee's client as is.
                    await call.Extension.SendDirectInvitationAsync(call.Args.To, call.Args.Room, call.Args.Reason, call.Args.Password, call.CancellationToken);
                }
                return Done(call, "invited", call.Args.To);
            });
    }

    public static void ConfigureSubject(Command command, CliContext context)
    {
        var room = RoomArgument();
        var text = new Argument<string>("TEXT") { Description = "The new subject (empty clears it)." };
        var nick = NickOption(required: false);
        command.Arguments.Add(room);
        command.Arguments.Add(text);
        command.Options.Add(nick);
        VerbRunner.Configure(command, context,
            result => (Room: ParseRoom(result.GetValue(room)), Text: result.GetValue(text) ?? "", Nick: result.GetValue(nick)),
            Attach,
            async call =>
            {
                var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                MucRoom? joined = null;
                call.Extension.SubjectChanged += (_, e) =>
                {
                    if (joined is not null && e.Room == joined && e.Nick == joined.Nick && e.Subject == call.Args.Text)
                        changed.TrySetResult();
                };
                joined = await call.Extension.JoinAsync(call.Args.Room, NickOrDefault(call.Args.Nick, call.Client), new MucJoinOptions { MaxStanzas = 0 }, call.CancellationToken);
                await joined.SubjectReceived.WaitAsync(call.Client.Options.ResponseTimeout, call.CancellationToken);
                await joined.SetSubjectAsync(call.Args.Text, call.CancellationToken);
                await WaitOrRefusedAsync(call.Client, call.Args.Room, changed.Task, call.CancellationToken);
                await LeaveQuietlyAsync(joined);
                return Done(call, "subject", call.Args.Room);
            });
    }

    public static void ConfigureKick(Command command, CliContext context) => ConfigureModeration(command, context, ban: false);

    public static void ConfigureBan(Command command, CliContext context) => ConfigureModeration(command, context, ban: true);

    private static void ConfigureModeration(Command command, CliContext context, bool ban)
    {
        var room = RoomArgument();
        var target = new Argument<string>("NICK_OR_JID") { Description = "An occupant's nickname, or a user's JID (user@domain)." };
        var reason = new Option<string>("--reason") { Description = "Tell them why." };
        var nick = NickOption(required: false);
        command.Arguments.Add(room);
        command.Arguments.Add(target);
        command.Options.Add(reason);
        command.Options.Add(nick);
        VerbRunner.Configure(command, context,
            result => (Room: ParseRoom(result.GetValue(room)), Target: result.GetValue(target)!, Reason: result.GetValue(reason), Nick: result.GetValue(nick)),
            Attach,
            async call =>
            {
                var joined = await call.Extension.JoinAsync(call.Args.Room, NickOrDefault(call.Args.Nick, call.Client), new MucJoinOptions { MaxStanzas = 0 }, call.CancellationToken);
                string done;
                if (ban)
                {
                    // A target with '@' is a user; anything else is a nickname in the room (MucRoom.FindUser).
                    Jid who;
                    try
                    {
                        who = joined.FindUser(call.Args.Target);
                    }
                    catch (ArgumentException ex)
                    {
                        throw new UsageException(ex.Message, ex);
                    }
                    await joined.BanAsync(who, call.Args.Reason, call.CancellationToken);
                    done = who.ToString();
                }
                else
                {
                    var user = call.Args.Target.Contains('@', StringComparison.Ordinal) && Jid.TryParse(call.Args.Target, out var j) ? j.Bare : null;
                    var occupant = user is null
                        ? joined.GetOccupant(call.Args.Target)
                        : joined.Occupants.FirstOrDefault(o => o.RealJid?.Bare == user);
                    var victim = occupant ?? throw new UsageException($"no occupant '{call.Args.Target}' in the room.");
                    await joined.KickAsync(victim.Nick, call.Args.Reason, call.CancellationToken);
                    done = victim.Nick;
                }
                await LeaveQuietlyAsync(joined);
                if (call.Json)
                    JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString(ban ? "banned" : "kicked", done); w.WriteString("room", call.Args.Room.ToString()); w.WriteEndObject(); });
                else
                    call.Out.WriteLine($"{(ban ? "banned" : "kicked")} {(ban ? SafeText.OneLine(done) : SafeText.Name(done))}");
                return ExitCodes.Success;
            });
    }

    private static int Done<TArgs>(VerbCall<TArgs, MucExtension> call, string what, Jid jid)
    {
        if (call.Json)
            JsonOutput.Write(call.Out, w => { w.WriteStartObject(); w.WriteString(what, jid.ToString()); w.WriteEndObject(); });
        else
            call.Out.WriteLine($"{what} {SafeText.Address(jid)}");
        return ExitCodes.Success;
    }
}
