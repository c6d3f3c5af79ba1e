using Magpie.Cli.Presentation;
using Magpie.Xmpp;

namespace Magpie.Cli.Tests.Presentation;

public sealed class RoomTests
{
    private static readonly Jid Room = Jid.Parse("lounge@conference.example.org");

    private readonly FakeBackend _backend = new();
    private readonly FakeRooms _rooms = new();
    private readonly ClientViewModel _vm;

    public RoomTests()
    {
        _vm = new ClientViewModel(_backend, InlineDispatcher.Instance, rooms: _rooms);
    }

    private async Task ConnectAsync()
    {
        _vm.Connect();
        await _vm.WhenIdle();
        Assert.Equal(ConnectionStatus.Online, _vm.Connection);
    }

    private async Task TypeAsync(string line)
    {
        _vm.Input.Insert(line);
        _vm.Submit();
        await _vm.WhenIdle();
    }

    private async Task JoinAsync()
    {
        await ConnectAsync();
        await TypeAsync("/join " + Room);
        _rooms.Occupants[Room] = [new("me", "participant"), new("bob", "moderator")];
        _rooms.Sink.OnRoomJoined(Room, "me", "Tea & <b>cake</b>");
    }

    [Fact]
    public async Task Join_uses_the_account_local_part_and_opens_a_room_window()
    {
        await JoinAsync();
        Assert.Contains($"join {Room} me", _rooms.CallList);
        Assert.Equal(WindowKind.Room, _vm.Active.Kind);
        Assert.Contains("as me", _vm.ActiveTitle, StringComparison.Ordinal);
        Assert.Contains("Tea & <b>cake</b>", _vm.ActiveTitle, StringComparison.Ordinal);
        Assert.Contains(_vm.Active.Lines, l => l.Text.Contains("You joined", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Join_with_a_nick_uses_it()
    {
        await ConnectAsync();
        await TypeAsync("/join lounge@conference.example.org/Birdie secret");
        Assert.Contains($"join {Room} Birdie secret", _rooms.CallList);
    }

    [Fact]
    public async Task Look_alike_nicks_stay_distinguishable_in_lines_the_pane_and_notices_but_complete_exactly()
    {
        await JoinAsync();
        _rooms.Occupants[Room] = [new("me", "participant"), new("alice", "participant"), new("alice ", "participant")];
        _rooms.Sink.OnRoomPresence(Room, "someone joined");
        _rooms.Sink.OnRoomMessage(Room, "alice", "a1", "the real one", own: false, DateTimeOffset.Now);
        _rooms.Sink.OnRoomMessage(Room, "alice ", "a2", "the impostor", own: false, DateTimeOffset.Now);
        _rooms.Sink.OnRoomMessage(Room, "\u0430lice", "a3", "another impostor", own: false, DateTimeOffset.Now);

        Assert.Equal("alice", Assert.Single(_vm.Active.Lines, l => l.Text == "the real one").Sender);
        Assert.Equal("\"alice \"", Assert.Single(_vm.Active.Lines, l => l.Text == "the impostor").Sender);
        Assert.Equal("\"\u0430lice\" (mixed scripts)", Assert.Single(_vm.Active.Lines, l => l.Text == "another impostor").Sender);
        Assert.Equal(["lounge", "+alice", "+\"alice \"", "+me"], _vm.Roster.Rows.Select(r => r.Text)); // the room's name, not its address cut at 25 columns

        // Completion inserts the display form, so the two candidates look different.
        // At the start of a line it addresses the occupant: "nick: ".
        _vm.Input.Insert("alice");
        _vm.Complete();
        Assert.Equal("\"alice \": ", _vm.Input.Text); // "alice " quoted, then ": "
        _vm.Complete();
        Assert.Equal("alice: ", _vm.Input.Text);
    }

    [Fact]
    public async Task The_pane_lists_occupants_by_role_in_a_room_window()
    {
        await JoinAsync();
        var rows = _vm.Roster.Rows.Select(r => r.Text).ToList();
        Assert.Equal(["lounge", "@bob", "+me"], rows);
        _vm.GoTo(0);
        Assert.DoesNotContain(_vm.Roster.Rows, r => r.Text == "@bob");
    }

    [Fact]
    public async Task Lines_typed_in_a_room_go_to_the_room_and_show_once_when_echoed()
    {
        await JoinAsync();
        await TypeAsync("hello all");
        await TypeAsync("/me waves");
        Assert.Contains($"say {Room} hello all", _rooms.CallList);
        Assert.Contains($"say {Room} /me waves", _rooms.CallList);
        Assert.DoesNotContain(_vm.Active.Lines, l => l.Text == "hello all");
        _rooms.Sink.OnRoomMessage(Room, "me", "x1", "hello all", own: true, DateTimeOffset.Now);
        var line = Assert.Single(_vm.Active.Lines, l => l.Text == "hello all");
        Assert.Equal(LineKind.Mine, line.Kind);
    }

    [Fact]
    public async Task Our_nick_mentioned_is_highlighted()
    {
        await JoinAsync();
        _rooms.Sink.OnRoomMessage(Room, "bob", "b1", "hey Me, tea?", own: false, DateTimeOffset.Now);
        _rooms.Sink.OnRoomMessage(Room, "bob", "b2", "anyone else?", own: false, DateTimeOffset.Now);
        Assert.Equal(LineKind.Mention, _vm.Active.Lines.Single(l => l.MessageId == "b1").Kind);
        Assert.Equal(LineKind.Theirs, _vm.Active.Lines.Single(l => l.MessageId == "b2").Kind);
    }

    [Theory]
    [InlineData("hi me!", "me", true)]
    [InlineData("ME: tea?", "me", true)]
    [InlineData("someone said", "me", false)]
    [InlineData("ping c.b.", "c.b.", true)]
    [InlineData("nothing", "", false)]
    public void Mentions_match_the_nick_as_a_word(string body, string nick, bool expected) =>
        Assert.Equal(expected, ClientViewModel.Mentions(body, nick));

    [Fact]
    public async Task Joins_and_leaves_are_lines_and_update_the_occupants()
    {
        await JoinAsync();
        _rooms.Occupants[Room].Add(new("carol", "visitor"));
        _rooms.Sink.OnRoomPresence(Room, "carol joined (visitor).");
        Assert.Equal("carol joined (visitor).", _vm.Active.Lines[^1].Text);
        Assert.Contains(_vm.Roster.Rows, r => r.Text == " carol");
    }

    [Fact]
    public async Task Tab_completes_nicks_in_a_room_window()
    {
        await JoinAsync();
        _vm.Input.Insert("bo");
        _vm.Complete();
        Assert.StartsWith("bob", _vm.Input.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Msg_to_an_occupant_opens_a_private_window_apart_from_contacts()
    {
        await JoinAsync();
        await TypeAsync($"/msg {Room}/bob psst");
        Assert.Equal(WindowKind.Private, _vm.Active.Kind);
        Assert.Contains($"pm {Room}/bob psst", _rooms.CallList);
        Assert.DoesNotContain(_backend.CallList, c => c.StartsWith("send", StringComparison.Ordinal));
        _rooms.Sink.OnPrivateMessage(Room.WithResource("bob"), "p1", "hi back", DateTimeOffset.Now);
        Assert.Equal("hi back", _vm.Active.Lines[^1].Text);
        Assert.Equal(2, _vm.Windows.Count(w => w.Kind is WindowKind.Room or WindowKind.Private));
    }

    [Fact]
    public async Task A_private_message_from_an_occupant_in_the_background_is_announced_in_the_console()
    {
        await JoinAsync();
        var bells = 0;
        _vm.Bell += (_, _) => bells++;
        _rooms.Sink.OnPrivateMessage(Room.WithResource("bob"), "p1", "psst", DateTimeOffset.Now);
        var window = _vm.Windows.Single(w => w.Kind == WindowKind.Private);
        Assert.NotEqual(window, _vm.Active);
        Assert.Equal(1, window.Unread);
        Assert.Equal(1, bells);
        var number = _vm.Windows.ToList().IndexOf(window) + 1;
        Assert.Equal($"New message from bob in {Room} in window {number} (Alt+{number} or /win {number}).", _vm.Console.Lines[^1].Text);
    }

    [Fact]
    public async Task Msg_to_an_occupant_takes_the_nick_as_shown_and_tab_completes_that_form()
    {
        await JoinAsync();
        await TypeAsync($"/msg {Room}/\"you \" psst");
        Assert.Equal(WindowKind.Private, _vm.Active.Kind);
        Assert.Equal(Room.WithResource("you "), _vm.Active.Peer);
        Assert.Contains($"pm {Room}/you  psst", _rooms.CallList);

        _vm.GoTo(_vm.Windows.ToList().FindIndex(w => w.Kind == WindowKind.Room));
        _vm.Input.Insert("/msg lounge@conference.example.org/");
        _vm.Complete();
        Assert.Equal($"/msg {Room}/\"you \" ", _vm.Input.Text);
    }

    [Fact]
    public async Task Leave_and_invite_use_the_room_shown()
    {
        await JoinAsync();
        await TypeAsync("/invite carol@example.org");
        await TypeAsync("/leave");
        Assert.Contains($"invite {Room} carol@example.org", _rooms.CallList);
        Assert.Contains($"leave {Room}", _rooms.CallList);
        _rooms.Sink.OnRoomLeft(Room, null);
        Assert.Contains("You left", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("as me", _vm.ActiveTitle, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_is_a_notice_offering_join()
    {
        await ConnectAsync();
        _rooms.Sink.OnInvitation(Room, Jid.Parse("bob@example.org/x"), "come\u001b[31m in", null);
        var text = _vm.Console.Lines[^1].Text;
        Assert.Contains("/join " + Room, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autojoined_rooms_open_windows_without_stealing_focus()
    {
        await ConnectAsync();
        _rooms.Sink.OnRoomJoined(Room, "me", null);
        Assert.Equal(WindowKind.Console, _vm.Active.Kind);
        Assert.Contains(_vm.Windows, w => w.Kind == WindowKind.Room && w.Nick == "me");
    }

    [Fact]
    public async Task Bookmark_commands_reach_the_service()
    {
        await JoinAsync();
        _rooms.Bookmarks.Add("lounge@conference.example.org as me (autojoin)");
        await TypeAsync("/bookmark add");
        await TypeAsync("/bookmark remove other@conference.example.org");
        await TypeAsync("/bookmark list");
        Assert.Contains($"bookmark add {Room} me", _rooms.CallList);
        Assert.Contains("bookmark remove other@conference.example.org", _rooms.CallList);
        Assert.Contains("(autojoin)", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_of_a_room_that_did_not_exist_says_it_was_created_in_its_window()
    {
        await ConnectAsync();
        _rooms.JoinCreates = true;
        await TypeAsync("/join " + Room);
        _rooms.JoinCreates = false;
        await TypeAsync("/join other@conference.example.org");

        var created = Assert.Single(_vm.Windows.Single(w => w.Peer == Room).Lines, l => l.Text.StartsWith("Created", StringComparison.Ordinal));
        Assert.Contains("instant room", created.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_vm.Active.Lines, l => l.Text.StartsWith("Created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Moderation_commands_act_on_the_room_shown()
    {
        await JoinAsync();
        await TypeAsync("/kick bob spamming again");
        await TypeAsync("/ban carol@example.org go away");
        await TypeAsync("/topic Tea at five");
        await TypeAsync("/nick Birdie");
        await TypeAsync("/affiliation dave@example.org MEMBER");
        await TypeAsync("/role bob visitor");

        Assert.Equal(
        [
            $"kick {Room} bob spamming again", $"ban {Room} carol@example.org go away", $"topic {Room} Tea at five",
            $"nick {Room} Birdie", $"affiliation {Room} dave@example.org member", $"role {Room} bob visitor",
        ], _rooms.CallList.Where(c => !c.StartsWith("join", StringComparison.Ordinal)));
        Assert.Contains(_vm.Active.Lines, l => l.Text == $"Banned carol@example.org from {Room}.");
        Assert.Contains(_vm.Active.Lines, l => l.Text == $"dave@example.org is now member in {Room}.");
        Assert.DoesNotContain(_vm.Active.Lines, l => l.Kind == LineKind.Error);
    }

    [Fact]
    public async Task Moderation_commands_take_a_nick_as_it_is_shown_quoted_and_reach_the_room_with_the_exact_nick()
    {
        await JoinAsync();
        _rooms.Occupants[Room] = [new("me", "participant"), new("you", "participant"), new("you ", "participant"), new("\u0430lice", "participant")];
        _rooms.Sink.OnRoomPresence(Room, "someone joined");

        await TypeAsync("/kick \"you \"");
        await TypeAsync("/kick \"you \" spam again");
        await TypeAsync("/role \"\u0430lice\" (mixed scripts) visitor");
        await TypeAsync("/ban \"x\\u200by\\\"\" go");
        await TypeAsync("/affiliation \"you \" member");

        Assert.Equal(
        [
            $"kick {Room} you", $"kick {Room} you  spam again", $"role {Room} \u0430lice visitor",
            $"ban {Room} x\u200by\" go", $"affiliation {Room} you  member",
        ], _rooms.CallList.Where(c => !c.StartsWith("join", StringComparison.Ordinal)));
        Assert.Equal(["you ", "you ", "\u0430lice", "x\u200by\"", "you "], _rooms.Targets);
    }

    [Fact]
    public async Task Tab_offers_look_alike_nicks_as_shown_and_enter_acts_on_the_one_chosen()
    {
        await JoinAsync();
        _rooms.Occupants[Room] = [new("me", "participant"), new("you", "participant"), new("you ", "participant")];
        _rooms.Sink.OnRoomPresence(Room, "someone joined");

        _vm.Input.Insert("/kick y");
        _vm.Complete();
        Assert.Equal("/kick \"you \" ", _vm.Input.Text);
        _vm.Complete();
        Assert.Equal("/kick you ", _vm.Input.Text);
        _vm.Complete();
        Assert.Equal("/kick \"you \" ", _vm.Input.Text);
        _vm.Submit();
        await _vm.WhenIdle();

        Assert.Equal("you ", Assert.Single(_rooms.Targets));
    }

    [Fact]
    public async Task A_refused_or_broken_nick_is_named_in_the_error()
    {
        await JoinAsync();
        _rooms.Refusal = new InvalidOperationException("The room refused (item-not-found): no such occupant or user.");
        await TypeAsync("/kick \"ghost \"");
        await TypeAsync("/role \"you visitor");

        var errors = _vm.Active.Lines.Where(l => l.Kind == LineKind.Error).Select(l => l.Text).ToList();
        Assert.Equal("/kick \"ghost \": The room refused (item-not-found): no such occupant or user.", errors[0]);
        Assert.StartsWith("'\"you visitor' is not a quoted name", errors[1], StringComparison.Ordinal);
        Assert.DoesNotContain(_rooms.CallList, c => c.StartsWith("role", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_nick_the_room_window_follows_our_new_nick()
    {
        await JoinAsync();
        await TypeAsync("/nick Birdie");
        _rooms.Nicks[Room] = "Birdie";
        _rooms.Sink.OnRoomPresence(Room, "me is now known as Birdie.");
        _rooms.Sink.OnRoomMessage(Room, "bob", "b1", "nice name, Birdie", own: false, DateTimeOffset.Now);

        Assert.Contains($"nick {Room} Birdie", _rooms.CallList);
        Assert.Equal("Birdie", _vm.Active.Nick);
        Assert.Contains("as Birdie", _vm.ActiveTitle, StringComparison.Ordinal);
        Assert.Equal(LineKind.Mention, _vm.Active.Lines.Single(l => l.MessageId == "b1").Kind);
    }

    [Theory]
    [InlineData("/kick")]
    [InlineData("/ban")]
    [InlineData("/topic  ")]
    [InlineData("/nick")]
    [InlineData("/affiliation bob")]
    [InlineData("/affiliation bob king")]
    [InlineData("/role bob")]
    [InlineData("/role bob boss")]
    public async Task Moderation_commands_with_missing_or_wrong_arguments_show_their_usage(string line)
    {
        await JoinAsync();
        await TypeAsync(line);
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
        Assert.Contains("Usage: " + line.Split(' ')[0], _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
        Assert.Equal([$"join {Room} me"], _rooms.CallList);
    }

    [Fact]
    public async Task Moderation_outside_a_room_window_or_a_room_we_left_is_refused_without_a_request()
    {
        await JoinAsync();
        _vm.GoTo(0);
        await TypeAsync("/kick bob");
        Assert.Contains("Only in a room window", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
        _vm.GoTo(1);
        _rooms.Sink.OnRoomLeft(Room, null);
        await TypeAsync("/kick bob");
        Assert.Contains("/join it first", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
        Assert.Equal([$"join {Room} me"], _rooms.CallList);
    }

    [Fact]
    public async Task A_refused_moderation_request_is_one_error_line_in_its_room()
    {
        await JoinAsync();
        _rooms.Refusal = new InvalidOperationException("The room refused (forbidden): you may not kick (moderators only) here.");
        var room = _vm.Active;
        await TypeAsync("/kick bob");
        _vm.GoTo(0);
        await TypeAsync("/nick x"); // in the console: refused locally, no request

        var error = Assert.Single(room.Lines, l => l.Kind == LineKind.Error);
        Assert.Equal("/kick bob: The room refused (forbidden): you may not kick (moderators only) here.", error.Text);
        Assert.DoesNotContain(_vm.Console.Lines, l => l.Text.Contains("refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_room_service_join_reports_an_error()
    {
        var vm = new ClientViewModel(new FakeBackend(), InlineDispatcher.Instance);
        vm.Connect();
        await vm.WhenIdle();
        vm.Execute("/join " + Room);
        await vm.WhenIdle();
        Assert.Equal(LineKind.Error, vm.Active.Lines[^1].Kind);
    }
}
