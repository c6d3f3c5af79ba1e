using Magpie.Cli.Presentation;
using Magpie.Xmpp;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Presentation;

/// <summary>/msg and /info by roster name, and what Tab completes: rooms after /join, "nick: " at the start of a
/// line in a room, paths after /sendfile.</summary>
public sealed class ContactArgumentTests : IDisposable
{
    private static readonly Jid Room = Jid.Parse("lounge@conference.example.org");

    private readonly FakeBackend _backend = new();
    private readonly FakeRooms _rooms = new();
    private readonly ClientViewModel _vm;
    private readonly string _dir = Directory.CreateTempSubdirectory("magpie-complete-").FullName;

    public ContactArgumentTests()
    {
        _vm = new ClientViewModel(_backend, InlineDispatcher.Instance, rooms: _rooms);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Contact(string jid, string? name) =>
        _backend.Contacts.Add(new ContactInfo(Jid.Parse(jid), name, [], RosterSubscription.Both, false, PresenceShow.Online, null));

    private async Task TypeAsync(string line)
    {
        _vm.Input.Insert(line);
        _vm.Submit();
        await _vm.WhenIdle();
    }

    private async Task ConnectAsync()
    {
        _vm.Connect();
        await _vm.WhenIdle();
    }

    private string[] Sends => _backend.CallList.Where(c => c.StartsWith("send ", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task Msg_takes_a_roster_name_of_one_or_more_words_or_a_local_part()
    {
        await ConnectAsync();
        Contact("bob@example.org", "Bob");
        Contact("echo@example.org", "Echo bot");
        await TypeAsync("/msg Bob hi via name");
        Assert.Single(Sends, c => c.StartsWith("send bob@example.org ", StringComparison.Ordinal) && c.EndsWith(" hi via name", StringComparison.Ordinal));
        await TypeAsync("/msg echo bot hello");
        Assert.Single(Sends, c => c.StartsWith("send echo@example.org ", StringComparison.Ordinal) && c.EndsWith(" hello", StringComparison.Ordinal));
        await TypeAsync("/msg echo again");
        Assert.Single(Sends, c => c.StartsWith("send echo@example.org ", StringComparison.Ordinal) && c.EndsWith(" again", StringComparison.Ordinal));
        Assert.Equal(3, _vm.Windows.Count);
    }

    [Fact]
    public async Task A_bare_word_that_is_no_contact_is_refused_never_sent_to_a_domain()
    {
        await ConnectAsync();
        await TypeAsync("/msg bob hi");
        await TypeAsync("/msg not a jid");
        Assert.Empty(Sends);
        Assert.Single(_vm.Windows);
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
        Assert.StartsWith("No contact called 'not' on the roster. Give the address as user@domain.", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_could_be_two_contacts_names_both_and_sends_nothing()
    {
        await ConnectAsync();
        Contact("bob@example.org", "Bob");
        Contact("bob@elsewhere.example", "Bob");
        await TypeAsync("/msg Bob hi");
        Assert.Empty(Sends);
        Assert.Equal("'Bob' could be more than one: /msg bob@example.org or /msg bob@elsewhere.example. Nothing was sent.", _vm.Active.Lines[^1].Text);
    }

    [Fact]
    public async Task Info_takes_a_roster_name_or_a_server()
    {
        await ConnectAsync();
        Contact("bob@example.org", "Bob");
        await TypeAsync("/info bob");
        await TypeAsync("/info example.org");
        await TypeAsync("/info nobody");
        Assert.Equal(["info bob@example.org", "info example.org"], _backend.CallList.Where(c => c.StartsWith("info", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Ping_asks_our_server_or_a_contact_by_name_and_shows_the_round_trip()
    {
        await ConnectAsync();
        Contact("bob@example.org", "Bob");
        await TypeAsync("/ping");
        Assert.Equal("Pong from example.org: 1.2 ms", _vm.Active.Lines[^1].Text);
        await TypeAsync("/ping Bob");
        Assert.Equal("Pong from bob@example.org: 1.2 ms", _vm.Active.Lines[^1].Text);
        Assert.Equal(["ping example.org", "ping bob@example.org"], _backend.CallList.Where(c => c.StartsWith("ping", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task In_a_room_msg_nick_opens_a_private_window_and_a_nick_that_is_also_a_contact_asks_which()
    {
        await ConnectAsync();
        await TypeAsync("/join " + Room);
        _rooms.Occupants[Room] = [new("me", "participant"), new("carol", "participant"), new("bob", "moderator")];
        _rooms.Sink.OnRoomJoined(Room, "me", null);
        await TypeAsync("/msg carol psst");
        Assert.Equal(WindowKind.Private, _vm.Active.Kind);
        Assert.Contains($"pm {Room}/carol psst", _rooms.CallList);

        _vm.GoTo(1);
        Contact("bob@example.org", "Bob");
        await TypeAsync("/msg bob hi");
        Assert.Empty(Sends);
        Assert.DoesNotContain(_rooms.CallList, c => c.StartsWith($"pm {Room}/bob", StringComparison.Ordinal));
        Assert.Equal($"'bob' could be more than one: /msg bob@example.org or /msg {Room}/bob. Nothing was sent.", _vm.Active.Lines[^1].Text);
    }

    [Fact]
    public async Task Tab_at_the_start_of_a_line_in_a_room_completes_nick_colon()
    {
        await ConnectAsync();
        await TypeAsync("/join " + Room);
        _rooms.Occupants[Room] = [new("me", "participant"), new("bob", "moderator")];
        _rooms.Sink.OnRoomJoined(Room, "me", null);
        _vm.Input.Insert("bo");
        _vm.Complete();
        Assert.Equal("bob: ", _vm.Input.Text);
        _vm.Input.Insert("see bo");
        _vm.Complete();
        Assert.Equal("bob: see bob ", _vm.Input.Text); // later in the line, the nick alone
    }

    [Fact]
    public async Task Tab_after_join_completes_bookmarks_and_known_rooms_not_contacts()
    {
        await ConnectAsync();
        Contact("lou@example.org", "Lou");
        _rooms.Known.Add(Jid.Parse("lobby@conference.example.org"));
        _vm.Input.Insert("/join lo");
        _vm.Complete();
        Assert.Equal("/join lobby@conference.example.org ", _vm.Input.Text);
        _vm.Complete();
        Assert.Equal("/join lobby@conference.example.org ", _vm.Input.Text); // the only match: the contact is not offered
    }

    [Fact]
    public void Tab_after_sendfile_completes_paths_going_into_folders()
    {
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "x");
        Directory.CreateDirectory(Path.Combine(_dir, "photos"));
        File.WriteAllText(Path.Combine(_dir, "photos", "beach.jpg"), "x");
        _vm.Input.Insert($"/sendfile {_dir}/ph");
        _vm.Complete();
        Assert.Equal($"/sendfile {_dir}/photos/", _vm.Input.Text);
        _vm.Complete();
        Assert.Equal($"/sendfile {_dir}/photos/beach.jpg ", _vm.Input.Text);
    }
}
