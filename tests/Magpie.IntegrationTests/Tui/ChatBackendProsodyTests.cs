using System.Diagnostics;
using Magpie.Cli.Presentation;
using Magpie.Cli.Session;
using Magpie.Samples.EchoBot;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Tui;

/// <summary>The client screen's view model on the real backend against Prosody, without a terminal:
/// register, subscriptions both ways with the echo bot, chat, delete the account; rooms with bookmarks; the offline outbox.</summary>
[Collection("prosody")]
public sealed class ChatBackendProsodyTests(ProsodyFixture fixture) : IDisposable
{
    // The XDG data home of the tests that keep a local history: one per test, removed afterwards.
    private readonly string _dataHome = Directory.CreateTempSubdirectory("magpie-tui-history-").FullName;

    public void Dispose() => Directory.Delete(_dataHome, recursive: true);

    private XmppClientOptions Options(string user, string password)
    {
        var options = new XmppClientOptions { Jid = Jid.Parse($"{user}@{fixture.Server.Domain}"), Password = password, Host = fixture.Server.Host, Port = fixture.Server.C2sPort };
        options.Tls.TrustCertificateFile(fixture.Server.CaCertificatePath);
        return options;
    }

    private static async Task WaitForAsync(SerialDispatcher ui, Func<bool> done, string what)
    {
        try
        {
            await ui.WhenAsync(done).WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("waited 20 s for " + what);
        }
    }

    [Fact]
    public async Task Register_subscribe_both_ways_chat_and_delete_the_account()
    {
        var bot = ProsodyServer.NewUserName("bot");
        await fixture.Server.CreateUserAsync(bot, "bot-pass");
        await using var echo = new EchoBot(Options(bot, "bot-pass"), TimeSpan.FromMilliseconds(200));
        await echo.StartAsync();

        var user = ProsodyServer.NewUserName("tui");
        var ui = new SerialDispatcher();
        await using var backend = new XmppChatBackend(Options(user, "tui-pass"));
        var vm = new ClientViewModel(backend, ui);
        string Text() => string.Join("\n", vm.Windows.SelectMany(w => w.Lines).Select(l => l.Text));

        ui.Post(() => vm.Execute("/register"));
        await WaitForAsync(ui, () => vm.Connection == ConnectionStatus.Online, "login after registration");
        Assert.Contains("Account created.", ui.Read(Text), StringComparison.Ordinal);

        ui.Post(() => vm.Execute($"/roster add {echo.Jid} Echo"));
        ui.Post(() => vm.Execute($"/sub request {echo.Jid}"));
        await WaitForAsync(ui, () => vm.Roster.Rows.Any(r => r.Kind == RosterRowKind.Request && r.Jid == echo.Jid), "the bot asking back");
        ui.Post(() => vm.Execute($"/sub approve {echo.Jid}"));
        await WaitForAsync(ui, () => vm.Roster.Rows.All(r => r.Kind != RosterRowKind.Request), "the request to be answered");
        await WaitForAsync(ui, () => vm.Roster.Rows.Any(r => r.Jid == echo.Jid && r.Look == PresenceLook.Chat), "the bot's presence");

        ui.Post(() => vm.Execute($"/msg {echo.Jid} ping"));
        await WaitForAsync(ui, () => vm.Active.Lines.Any(l => l.Kind == LineKind.Theirs && l.Text == "ping"), "the echo");
        await WaitForAsync(ui, () => vm.Active.Lines.Any(l => l.Kind == LineKind.Mine && l.Delivered), "the receipt");

        ui.Post(() => vm.Execute("/delete-account"));
        ui.Post(() => vm.Execute($"{user}@{fixture.Server.Domain}"));
        await WaitForAsync(ui, () => Text().Contains("The account is deleted.", StringComparison.Ordinal), "the deletion");
        await using var again = new XmppClient(Options(user, "tui-pass"));
        await Assert.ThrowsAsync<XmppAuthenticationException>(() => again.ConnectAsync());
    }

    /// <summary>A cut while the full-screen client fetches its roster at login (its start-up) is repaired like any
    /// other: the client reconnects, the new session gets the roster and our presence, and messages arrive. The
    /// server also drops the session, so the reconnection binds a new one and the roster request fails.</summary>
    [Fact]
    public async Task A_cut_while_the_roster_is_fetched_at_login_is_repaired_and_messages_arrive()
    {
        var server = fixture.Server;
        await using var proxy = Magpie.Testing.Faults.FaultProxy.StartTls(server.Host, server.DirectTlsPort, server.ServerCertificate, server.CaCertificate, server.Domain);
        var user = await server.CreateNewUserAsync("rcut", "rcut-pass");
        var friend = await server.CreateNewUserAsync("rcutf", "rcutf-pass");
        var options = Options(user, "rcut-pass") with { Host = proxy.Host, Port = proxy.Port, DirectTls = true };
        var cut = proxy.CutWhenClientSends("jabber:iq:roster", Magpie.Testing.Faults.CutKind.Reset, endSession: true);

        var ui = new SerialDispatcher();
        await using var backend = new XmppChatBackend(options);
        var vm = new ClientViewModel(backend, ui);
        ui.Post(vm.Connect);
        await cut.WaitAsync(TimeSpan.FromSeconds(20));
        await WaitForAsync(ui, () => vm.Connection == ConnectionStatus.Online && proxy.AcceptedCount == 2, "the new session to be set up");
        // The login did not fail: the only errors are the notices of the lost connection.
        var lines = ui.Read(() => vm.Windows.SelectMany(w => w.Lines).ToList());
        Assert.All(lines.Where(l => l.Kind == LineKind.Error), l => Assert.StartsWith("Connection lost; reconnecting", l.Text, StringComparison.Ordinal));
        Assert.Single(lines, l => l.Kind == LineKind.Error);

        await using var other = new XmppClient(Options(friend, "rcutf-pass"));
        await other.ConnectAsync();
        await other.SendAsync(new Message(Jid.Parse($"{user}@{server.Domain}"), "after the cut"));
        await WaitForAsync(ui, () => vm.Windows.Any(w => w.Lines.Any(l => l.Kind == LineKind.Theirs && l.Text == "after the cut")), "the message after the cut");
    }

    [Fact]
    public async Task A_bookmarked_room_with_autojoin_opens_its_window_at_the_next_login()
    {
        var user = ProsodyServer.NewUserName("tuiroom");
        await fixture.Server.CreateUserAsync(user, "room-pass");
        var room = $"{ProsodyServer.NewUserName("lounge")}@{fixture.Server.MucDomain}";

        var ui = new SerialDispatcher();
        await using (var backend = new XmppChatBackend(Options(user, "room-pass")))
        {
            var vm = new ClientViewModel(backend, ui, rooms: backend.Rooms, files: backend.Files);
            ui.Post(vm.Connect);
            await WaitForAsync(ui, () => vm.Connection == ConnectionStatus.Online, "login");
            ui.Post(() => vm.Execute($"/join {room}/Birdie"));
            await WaitForAsync(ui, () => vm.Windows.Any(w => w.Kind == WindowKind.Room && w.Nick == "Birdie" && w.Occupants.Any(o => o.EndsWith("Birdie", StringComparison.Ordinal))), "the join");
            ui.Post(() => vm.Execute("/bookmark add"));
            await WaitForAsync(ui, () => vm.Active.Lines.Any(l => l.Text.StartsWith("Bookmarked", StringComparison.Ordinal)), "the bookmark");
            await backend.DisconnectAsync();
        }

        var ui2 = new SerialDispatcher();
        await using var again = new XmppChatBackend(Options(user, "room-pass"));
        var vm2 = new ClientViewModel(again, ui2, rooms: again.Rooms, files: again.Files);
        ui2.Post(vm2.Connect);
        await WaitForAsync(ui2, () => vm2.Windows.Any(w => w.Kind == WindowKind.Room && w.Peer!.ToString() == room && w.Nick == "Birdie"), "the autojoined room window");
        ui2.Post(() => vm2.Execute("/bookmark list"));
        await WaitForAsync(ui2, () => vm2.Active.Lines.Any(l => l.Text.Contains(room + " as Birdie (autojoin)", StringComparison.Ordinal)), "the bookmark listed");
    }

    [Fact]
    public async Task A_message_typed_offline_waits_in_the_outbox_and_goes_out_at_login()
    {
        var user = ProsodyServer.NewUserName("tuioff");
        var peer = ProsodyServer.NewUserName("peer");
        await fixture.Server.CreateUserAsync(user, "off-pass");
        await fixture.Server.CreateUserAsync(peer, "peer-pass");
        await using var listener = new XmppClient(Options(peer, "peer-pass"));
        var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.MessageReceived += (_, m) => { if (m.Body is { } b) got.TrySetResult(b); };
        await listener.ConnectAsync();
        await listener.SendAsync(new Presence());

        var account = Jid.Parse($"{user}@{fixture.Server.Domain}");
        using var store = HistoryStore.Open(_dataHome, account);
        var ui = new SerialDispatcher();
        await using var backend = new XmppChatBackend(Options(user, "off-pass"), store);
        var vm = new ClientViewModel(backend, ui);
        ui.Post(() => vm.Execute($"/msg {peer}@{fixture.Server.Domain} written on the train"));
        await WaitForAsync(ui, () => vm.Active.Lines.Any(l => l.Text.Contains("outbox", StringComparison.Ordinal)), "the queued notice");
        await vm.WhenIdle();
        var queued = Assert.Single(store.GetConversation(Jid.Parse($"{peer}@{fixture.Server.Domain}")));
        Assert.Equal(DeliveryState.Pending, queued.State);

        ui.Post(vm.Connect);
        Assert.Equal("written on the train", await got.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        // Once written it leaves the outbox; the history keeps it as ours.
        // The outbox marks a message sent once it is written; its flush at the session start is awaitable.
        await backend.OutboxFlush.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.All(store.GetConversation(Jid.Parse($"{peer}@{fixture.Server.Domain}")), m => Assert.NotEqual(DeliveryState.Pending, m.State));
    }

    [Fact]
    public async Task Messages_that_arrived_while_offline_are_in_the_conversation_after_login_once()
    {
        var user = await fixture.Server.CreateNewUserAsync("tuiarc", "arc-pass");
        var peer = await fixture.Server.CreateNewUserAsync("sender", "peer-pass");
        var account = Jid.Parse($"{user}@{fixture.Server.Domain}");
        var sender = Jid.Parse($"{peer}@{fixture.Server.Domain}");
        // Sent while the user is offline: the server archives it (MAM) and stores it offline.
        await using (var client = new XmppClient(Options(peer, "peer-pass")))
        {
            await client.ConnectAsync();
            await client.SendAsync(new Message(account, "sent while you were away") { Id = "away-1" });
            await client.DisconnectAsync();
        }
        using var store = HistoryStore.Open(_dataHome, account);
        var ui = new SerialDispatcher();
        await using var backend = new XmppChatBackend(Options(user, "arc-pass"), store);
        var vm = new ClientViewModel(backend, ui);
        ui.Post(vm.Connect);
        await WaitForAsync(ui, () => vm.Connection == ConnectionStatus.Online, "login");
        // Offline delivery and the archive catch-up both bring it; the store keeps it once.
        await backend.ArchiveCatchUp.WaitAsync(TimeSpan.FromSeconds(20));
        await vm.WhenIdle();
        Assert.Single(store.GetConversation(sender), m => m.Body == "sent while you were away");
    }

    [Fact]
    public async Task Room_messages_are_kept_in_the_local_history_and_a_rejoin_shows_each_once()
    {
        var user = await fixture.Server.CreateNewUserAsync("tuirh", "rh-pass");
        var peer = await fixture.Server.CreateNewUserAsync("talker", "talk-pass");
        var account = Jid.Parse($"{user}@{fixture.Server.Domain}");
        var room = Jid.Parse($"{ProsodyServer.NewUserName("hall")}@{fixture.Server.MucDomain}");
        await using var talker = new XmppClient(Options(peer, "talk-pass"));
        var muc = talker.Use(new Magpie.Xmpp.Extensions.Muc.MucExtension());
        await talker.ConnectAsync();
        var talkerRoom = await muc.CreateRoomAsync(room, "Talker"); // an instant room, unlocked at once

        using var store = HistoryStore.Open(_dataHome, account);
        var ui = new SerialDispatcher();
        await using (var backend = new XmppChatBackend(Options(user, "rh-pass"), store))
        {
            var vm = new ClientViewModel(backend, ui, rooms: backend.Rooms, files: backend.Files);
            ui.Post(vm.Connect);
            await WaitForAsync(ui, () => vm.Connection == ConnectionStatus.Online, "login");
            ui.Post(() => vm.Execute($"/join {room}/Wren"));
            await WaitForAsync(ui, () => vm.Windows.Any(w => w.Kind == WindowKind.Room && w.Nick == "Wren"), "the join");
            await talkerRoom.SendMessageAsync("said while you were here");
            ui.Post(() => vm.Execute("hello from wren"));
            await WaitForAsync(ui, () => vm.Active.Lines.Count(l => l.Text is "said while you were here" or "hello from wren") == 2, "both messages in the room window");
            await backend.DisconnectAsync();
        }
        var kept = store.GetConversation(room);
        Assert.Single(kept, m => m.Body == "said while you were here" && m.Direction == MessageDirection.In && m.Type == "groupchat");
        Assert.Single(kept, m => m.Body == "hello from wren" && m.Direction == MessageDirection.Out);

        await talkerRoom.SendMessageAsync("said while you were away");

        // The next session: the window opens with the stored lines; the room's own replay of its recent
        // history (which holds the same messages) adds only what was missed.
        var ui2 = new SerialDispatcher();
        await using var again = new XmppChatBackend(Options(user, "rh-pass"), store);
        var vm2 = new ClientViewModel(again, ui2, rooms: again.Rooms, files: again.Files);
        ui2.Post(vm2.Connect);
        await WaitForAsync(ui2, () => vm2.Connection == ConnectionStatus.Online, "login again");
        ui2.Post(() => vm2.Execute($"/join {room}/Wren"));
        await WaitForAsync(ui2, () => vm2.Active.Kind == WindowKind.Room && vm2.Active.Lines.Any(l => l.Text == "said while you were away"), "the missed message");
        await talkerRoom.SendMessageAsync("live again");
        await WaitForAsync(ui2, () => vm2.Active.Lines.Any(l => l.Text == "live again"), "a live message after the replay");
        var lines = ui2.Read(() => vm2.Active.Lines.Select(l => l.Text).ToList());
        Assert.Single(lines, t => t == "said while you were here");
        Assert.Single(lines, t => t == "hello from wren");
        Assert.Single(lines, t => t == "said while you were away");
        Assert.Single(store.GetConversation(room), m => m.Body == "said while you were away");
    }
}
