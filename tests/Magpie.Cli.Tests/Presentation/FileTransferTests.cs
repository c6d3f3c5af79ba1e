using Magpie.Cli.Presentation;
using Magpie.Xmpp;

namespace Magpie.Cli.Tests.Presentation;

public sealed class FileTransferTests : IDisposable
{
    private static readonly Jid Alice = Jid.Parse("alice@example.org");
    private static readonly Jid Room = Jid.Parse("lounge@conference.example.org");

    private readonly FakeBackend _backend = new();
    private readonly FakeRooms _rooms = new();
    private readonly FakeFiles _files = new();
    private readonly ClientViewModel _vm;
    private readonly string _file;

    public FileTransferTests()
    {
        _vm = new ClientViewModel(_backend, InlineDispatcher.Instance, rooms: _rooms, files: _files);
        _file = Path.Combine(Directory.CreateTempSubdirectory("magpie-files-").FullName, "notes.txt");
        File.WriteAllText(_file, "hello");
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

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
        Assert.Equal(ConnectionStatus.Online, _vm.Connection);
    }

    [Fact]
    public async Task Sendfile_in_a_conversation_shows_progress_to_100_and_the_link()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/sendfile " + _file);
        Assert.Equal(["upload notes.txt", $"link {Alice} False https://upload.example.org/abc/notes.txt"], _files.Calls.ToArray());
        var progress = _vm.Active.Lines.Single(l => l.Text.StartsWith("Uploading notes.txt", StringComparison.Ordinal));
        Assert.Contains("100%", progress.Text, StringComparison.Ordinal);
        Assert.Equal("https://upload.example.org/abc/notes.txt", _vm.Active.Lines[^1].Text);
        Assert.Equal(LineKind.Mine, _vm.Active.Lines[^1].Kind);
        Assert.Equal(0, _vm.TransfersRunning);
    }

    [Fact]
    public async Task A_link_with_a_space_is_shown_exactly_as_sent_so_urls_lists_it_whole()
    {
        await ConnectAsync();
        var spaced = Path.Combine(Path.GetDirectoryName(_file)!, "my note.txt");
        File.WriteAllText(spaced, "x");
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/sendfile " + spaced);
        Assert.Equal("https://upload.example.org/abc/my%20note.txt", _vm.Active.Lines[^1].Text);
        Assert.Equal(["https://upload.example.org/abc/my%20note.txt"], _vm.Active.Urls);
    }

    [Fact]
    public async Task Sendfile_in_a_room_sends_a_groupchat_link_and_waits_for_the_echo()
    {
        await ConnectAsync();
        await TypeAsync("/join " + Room);
        _rooms.Sink.OnRoomJoined(Room, "me", null);
        await TypeAsync("/sendfile " + _file);
        Assert.Contains($"link {Room} True https://upload.example.org/abc/notes.txt", _files.Calls);
        Assert.DoesNotContain(_vm.Active.Lines, l => l.Kind == LineKind.Mine);
    }

    [Fact]
    public async Task Cancel_stops_a_running_upload_and_says_so()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: true);
        _files.Hang = true;
        _vm.Execute("/sendfile " + _file);
        await _files.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _vm.TransfersRunning);
        Assert.EndsWith("[Uploading notes.txt 50%]", _vm.StatusText, StringComparison.Ordinal);
        _vm.Execute("/cancel");
        await _vm.WhenIdle();
        Assert.Contains(_vm.Active.Lines, l => l.Text == "Uploading notes.txt: cancelled.");
        Assert.DoesNotContain("Uploading", _vm.StatusText, StringComparison.Ordinal);
        Assert.DoesNotContain(_files.Calls, c => c.StartsWith("link", StringComparison.Ordinal));
        Assert.Equal(0, _vm.TransfersRunning);
    }

    [Fact]
    public async Task Sendfile_checks_the_file_and_the_window()
    {
        await ConnectAsync();
        await TypeAsync("/sendfile " + _file);
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("/sendfile /no/such/file");
        Assert.Contains("No such file", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
        Assert.Empty(_files.Calls);
    }

    [Fact]
    public async Task Download_takes_link_n_from_urls()
    {
        await ConnectAsync();
        _backend.Sink.OnMessage(new IncomingMessage(Alice, "a1", "see https://files.example.org/x/file.txt", null, DateTimeOffset.Now));
        _vm.OpenChat(Alice, focus: true);
        var dir = Path.GetDirectoryName(_file)!;
        await TypeAsync($"/download 1 {dir}");
        Assert.Contains($"download https://files.example.org/x/file.txt {dir}", _files.Calls);
        Assert.Contains(_vm.Active.Lines, l => l.Text.Contains("100%", StringComparison.Ordinal) && l.Text.Contains("saved to " + Path.Combine(dir, "file.txt"), StringComparison.Ordinal));
        await TypeAsync("/download 2");
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
    }

    [Fact]
    public void The_bar_fills_with_the_percent()
    {
        Assert.Equal("x [----------------------------------------] 0%".Replace(new string('-', 40), new string('-', 20), StringComparison.Ordinal), ClientViewModel.Bar("x", 0));
        Assert.Equal("x [##########----------] 50%", ClientViewModel.Bar("x", 50));
        Assert.Equal("x [####################] 100%", ClientViewModel.Bar("x", 100));
    }
}
