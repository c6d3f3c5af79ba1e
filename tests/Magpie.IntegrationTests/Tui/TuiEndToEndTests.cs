using Magpie.Cli.Commands;
using Magpie.Samples.EchoBot;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Tui;

/// <summary>The real <c>magpie</c> program in a tmux pane against the private Prosody: log in, chat with
/// the echo bot, receive hostile text, join a room, share a file in it, log out.</summary>
[Collection("prosody")]
public sealed class TuiEndToEndTests(ProsodyFixture fixture) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-tui-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private XmppClientOptions Options(string user, string password)
    {
        var options = new XmppClientOptions { Jid = Jid.Parse($"{user}@{fixture.Server.Domain}"), Password = password, Host = fixture.Server.Host, Port = fixture.Server.C2sPort };
        options.Tls.TrustCertificateFile(fixture.Server.CaCertificatePath);
        return options;
    }

    /// <summary>magpie.dll as built next to this test (the CLI project is referenced), with its runtimeconfig.</summary>
    private static string MagpieDll()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "magpie.dll");
        Assert.True(File.Exists(here) && File.Exists(Path.Combine(AppContext.BaseDirectory, "magpie.runtimeconfig.json")), "magpie.dll and its runtimeconfig should be next to the tests");
        return here;
    }

    [Fact]
    public async Task Log_in_chat_with_the_echo_bot_see_hostile_text_harmlessly_join_a_room_send_a_file_and_log_out()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var server = fixture.Server;
        var me = await server.CreateNewUserAsync("me", "me-pass");
        var bot = await server.CreateNewUserAsync("bot", "bot-pass");
        var mallory = await server.CreateNewUserAsync("mallory", "mallory-pass");

        // A long "typing" pause, so the notice is on screen long enough to be seen by polling.
        await using var echo = new EchoBot(Options(bot, "bot-pass"), typingTime: TimeSpan.FromSeconds(3));
        await echo.StartAsync(cts.Token);
        await DemoCommand.PairWithBotAsync(Options(me, "me-pass"), echo.Jid, cts.Token);

        var passwordFile = Path.Combine(_dir, "pw");
        await File.WriteAllTextAsync(passwordFile, "me-pass\n", cts.Token);
        var command = $"dotnet '{MagpieDll()}' --jid {me}@{server.Domain} --password-file '{passwordFile}' --server {server.Host}:{server.C2sPort} --ca-file '{server.CaCertificatePath}'; echo \"magpie exited with $?\"; read";
        await using var tmux = await TmuxSession.StartAsync(command, 120, 32, new Dictionary<string, string>
        {
            ["TERM"] = "xterm-256color",
            ["XDG_CONFIG_HOME"] = _dir,
            ["XDG_DATA_HOME"] = _dir, // the local history stays in the test's folder
        });

        // Logged in straight away, the roster shows the bot, and the input line has the focus.
        await tmux.WaitForTextAsync("[online]");
        await tmux.WaitForTextAsync("Echo bot");

        await tmux.TypeAsync($"/msg {echo.Jid} hello from tmux");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("Echo bot is typing…");
        var screen = await tmux.WaitForTextAsync("Echo bot> hello from tmux");
        Assert.Contains("me> hello from tmux", screen, StringComparison.Ordinal);
        await tmux.WaitForTextAsync("hello from tmux ✓"); // the bot's client returned a receipt

        // Someone else sends escape sequences and bidi overrides: a new window, the bell, harmless text.
        // ESC itself cannot travel in XML 1.0, so the sequences use their 8-bit C1 forms (CSI U+009B,
        // OSC U+009D, ST U+009C), which XML allows and some terminals obey.
        var hostile = "pwn\u009b2J\u009d0;owned\u009c\u0085\u202eevil\u202c\u2066iso\u2069 done";
        await using (var attacker = new XmppClient(Options(mallory, "mallory-pass")))
        {
            await attacker.ConnectAsync(cts.Token);
            await attacker.SendAsync(new Message(Jid.Parse($"{me}@{server.Domain}"), hostile), cts.Token);
            await attacker.DisconnectAsync(cts.Token);
        }
        await tmux.WaitForTextAsync("[3+1]");
        await tmux.PressAsync("M-a");
        var plain = await tmux.WaitForTextAsync("done");
        // Every control shows as a visible escape (the line may wrap, so look for the pieces).
        foreach (var piece in new[] { "pwn\\x9b2J", "\\x9d0;owned\\x9c\\x85", "\\u202eevil\\u202c", "\\u2066iso" })
            Assert.True(plain.Contains(piece, StringComparison.Ordinal), $"'{piece}' should be on screen:\n{plain}");
        var raw = await tmux.CaptureAsync(escapes: true);
        foreach (var c in "\u009b\u009d\u009c\u0085\u202e\u202c\u2066\u2069\u0007")
            Assert.DoesNotContain(c, raw);
        Assert.DoesNotContain("\u001b[2J", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b]0;", raw, StringComparison.Ordinal);

        // A room on the fixture's MUC service: our own join, and our message echoed by the room.
        var room = $"{ProsodyServer.NewUserName("room")}@{server.MucDomain}";
        await tmux.TypeAsync($"/join {room}/tmuxer");
        await tmux.PressAsync("Enter");
        var joined = await tmux.WaitForTextAsync($"You joined {room} as tmuxer.");
        Assert.Contains("as tmuxer", joined, StringComparison.Ordinal); // the title row
        await tmux.TypeAsync("hello room");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("tmuxer> hello room");

        // A small file to the room: the progress line reaches 100% and the room echoes the link.
        var file = Path.Combine(_dir, "note.txt");
        await File.WriteAllTextAsync(file, "a small file for the room\n", cts.Token);
        await tmux.TypeAsync($"/sendfile {file}");
        await tmux.PressAsync("Enter");
        // The whole progress line: the status bar's "[Uploading … 100%]" can show 100% a frame before it.
        await tmux.WaitForTextAsync("Uploading note.txt [####################] 100%");
        await tmux.WaitForTextAsync("tmuxer> https://");

        await tmux.TypeAsync("/quit");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("magpie exited with 0");
    }

    [Fact]
    public async Task Join_creates_a_room_a_slixmpp_peer_can_enter_they_talk_and_kick_removes_the_peer()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var server = fixture.Server;
        var me = await server.CreateNewUserAsync("me", "me-pass");
        var slix = await server.CreateNewUserAsync("slix", "slix-pass");
        var passwordFile = Path.Combine(_dir, "pw");
        await File.WriteAllTextAsync(passwordFile, "me-pass\n", cts.Token);
        var peerPasswordFile = Path.Combine(_dir, "peer-pw");
        await File.WriteAllTextAsync(peerPasswordFile, "slix-pass\n", cts.Token);
        var command = $"dotnet '{MagpieDll()}' --jid {me}@{server.Domain} --password-file '{passwordFile}' --server {server.Host}:{server.C2sPort} --ca-file '{server.CaCertificatePath}'; echo \"magpie exited with $?\"; read";
        await using var tmux = await TmuxSession.StartAsync(command, 120, 32, new Dictionary<string, string>
        {
            ["TERM"] = "xterm-256color",
            ["XDG_CONFIG_HOME"] = _dir,
            ["XDG_DATA_HOME"] = _dir,
        });
        await tmux.WaitForTextAsync("[online]");

        // A room that does not exist: /join makes it and opens it (the first wave left it locked).
        var room = $"{ProsodyServer.NewUserName("new")}@{server.MucDomain}";
        await tmux.TypeAsync($"/join {room}/tmuxer");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync($"You joined {room} as tmuxer.");
        await tmux.WaitForTextAsync($"Created {room}:");

        // A second party that is not Magpie enters, and they talk both ways.
        await using var peer = SlixmppPeer.Start(server, $"{slix}@{server.Domain}", peerPasswordFile, room, "Slix");
        await peer.AssertEnteredAsync();
        await tmux.WaitForTextAsync("Slix joined");
        await tmux.TypeAsync("hello slix");
        await tmux.PressAsync("Enter");
        await peer.WaitForMessageAsync("hello slix", "tmuxer");
        await peer.SayAsync("hello tmux");
        await tmux.WaitForTextAsync("Slix> hello tmux");

        // Moderation: the creator owns the room, sets its subject and kicks the peer, who sees its own removal.
        await tmux.TypeAsync("/topic Tea at five");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("tmuxer set the subject to: Tea at five");
        await tmux.TypeAsync("/kick Slix enough");
        await tmux.PressAsync("Enter");
        var removed = await peer.WaitForAsync("removed");
        Assert.Contains(307, removed.GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal("enough", removed.GetProperty("reason").GetString());
        Assert.Equal(4, await peer.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await tmux.WaitForTextAsync("Slix was kicked");

        // A request the room refuses is one clear line in the room's window.
        await tmux.TypeAsync("/kick Nobody");
        await tmux.PressAsync("Enter");
        var refused = await tmux.WaitForTextAsync("/kick Nobody: The room refused");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(refused, "/kick Nobody: The room refused"));

        await tmux.TypeAsync("/nick Birdie");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("tmuxer is now known as Birdie");
        await tmux.WaitForTextAsync("as Birdie"); // the title row follows

        await tmux.TypeAsync("/quit");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("magpie exited with 0");
    }

    [Fact]
    public async Task A_look_alike_nick_in_a_room_is_shown_distinguishably_from_the_real_one()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var server = fixture.Server;
        var me = await server.CreateNewUserAsync("me", "me-pass");
        var alice = await server.CreateNewUserAsync("alice", "alice-pass");
        var mallory = await server.CreateNewUserAsync("mallory", "mallory-pass");
        var passwordFile = Path.Combine(_dir, "pw");
        await File.WriteAllTextAsync(passwordFile, "me-pass\n", cts.Token);
        var command = $"dotnet '{MagpieDll()}' --jid {me}@{server.Domain} --password-file '{passwordFile}' --server {server.Host}:{server.C2sPort} --ca-file '{server.CaCertificatePath}'; echo \"magpie exited with $?\"; read";
        await using var tmux = await TmuxSession.StartAsync(command, 120, 32, new Dictionary<string, string>
        {
            ["TERM"] = "xterm-256color",
            ["XDG_CONFIG_HOME"] = _dir,
            ["XDG_DATA_HOME"] = _dir,
        });
        await tmux.WaitForTextAsync("[online]");
        // The real alice makes the room; we join it, and she speaks.
        var room = Jid.Parse($"{ProsodyServer.NewUserName("room")}@{server.MucDomain}");
        await using var real = new XmppClient(Options(alice, "alice-pass"));
        var realMuc = real.Use(new Magpie.Xmpp.Extensions.Muc.MucExtension());
        await real.ConnectAsync(cts.Token);
        var realRoom = await realMuc.CreateRoomAsync(room, "alice", cancellationToken: cts.Token);
        await tmux.TypeAsync($"/join {room}/watcher");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync($"You joined {room} as watcher.");
        await realRoom.SendMessageAsync("hello, it is me", cts.Token);
        await tmux.WaitForTextAsync("alice> hello, it is me");
        await using var fake = new XmppClient(Options(mallory, "mallory-pass"));
        var fakeMuc = fake.Use(new Magpie.Xmpp.Extensions.Muc.MucExtension());
        await fake.ConnectAsync(cts.Token);
        var fakeRoom = await fakeMuc.JoinAsync(room, "alice ", cancellationToken: cts.Token);
        // Then mallory joins as "alice " (a trailing space) next to her, and speaks.
        await fakeRoom.SendMessageAsync("send me the keys", cts.Token);

        var screen = await tmux.WaitForTextAsync("send me the keys");
        Assert.Contains("\"alice \"> send me the keys", screen, StringComparison.Ordinal);
        Assert.Contains("\"alice \" joined", screen, StringComparison.Ordinal);
        Assert.Contains("+\"alice \"", screen, StringComparison.Ordinal); // the occupant pane
        Assert.DoesNotContain("alice> send me the keys", screen, StringComparison.Ordinal);
        Assert.Contains("alice> hello, it is me", screen, StringComparison.Ordinal);

        await tmux.TypeAsync("/quit");
        await tmux.PressAsync("Enter");
        await tmux.WaitForTextAsync("magpie exited with 0");
    }
}
