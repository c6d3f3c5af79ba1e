using Magpie.Cli.Presentation;
using Magpie.Xmpp;

namespace Magpie.Cli.Tests.Presentation;

public sealed class HistoryTests
{
    private static readonly Jid Alice = Jid.Parse("alice@example.org");

    private readonly FakeBackend _backend = new();
    private readonly ClientViewModel _vm;

    public HistoryTests()
    {
        _vm = new ClientViewModel(_backend, InlineDispatcher.Instance);
    }

    [Fact]
    public void A_conversation_opens_with_its_local_history_sanitised()
    {
        var t = DateTimeOffset.Now.AddHours(-1);
        _backend.History.Add(new PastMessage(t, Outgoing: false, "hi \u001b[2J there", "h1"));
        _backend.History.Add(new PastMessage(t.AddMinutes(1), Outgoing: true, "hello back", "h2"));
        var window = _vm.OpenChat(Alice, focus: true);
        Assert.Contains("2 earlier messages", window.Lines[0].Text, StringComparison.Ordinal); // the banner heads them
        Assert.Equal(LineKind.Theirs, window.Lines[1].Kind);
        Assert.DoesNotContain("\u001b", window.Lines[1].Text, StringComparison.Ordinal);
        Assert.Equal(LineKind.Mine, window.Lines[2].Kind);
        Assert.Equal(t.AddMinutes(1), window.Lines[2].Time);
    }

    [Fact]
    public void A_first_message_from_someone_without_a_window_is_announced_counted_and_rings_and_follows_the_banner()
    {
        // The real backend stores a message before it shows it, so the window it opens finds it in the history.
        var bells = 0;
        _vm.Bell += (_, _) => bells++;
        _backend.History.Add(new PastMessage(DateTimeOffset.Now.AddDays(-1), false, "yesterday", "y1"));
        _backend.History.Add(new PastMessage(DateTimeOffset.Now, false, "are you there?", "n1"));
        _backend.Sink.OnMessage(new IncomingMessage(Alice, "n1", "are you there?", null, DateTimeOffset.Now));

        var window = _vm.Windows[1];
        Assert.Equal(0, _vm.ActiveIndex);
        Assert.Equal(1, window.Unread);
        Assert.Equal(1, bells);
        Assert.Equal(["— 1 earlier messages from the local history —", "yesterday", "are you there?"], window.Lines.Select(l => l.Text));
        Assert.Equal("New message from alice@example.org in window 2 (Alt+2 or /win 2).", _vm.Console.Lines[^1].Text);
        Assert.Contains("[1*][2+1]", _vm.StatusText, StringComparison.Ordinal);

        // The next one counts and rings, without another console line.
        var consoleLines = _vm.Console.Lines.Count;
        _backend.History.Add(new PastMessage(DateTimeOffset.Now, false, "hello?", "n2"));
        _backend.Sink.OnMessage(new IncomingMessage(Alice, "n2", "hello?", null, DateTimeOffset.Now));
        Assert.Equal(2, window.Unread);
        Assert.Equal(2, bells);
        Assert.Equal(consoleLines, _vm.Console.Lines.Count);
        Assert.Contains("[1*][2+2]", _vm.StatusText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_message_without_an_id_is_shown_once_as_new_not_as_history()
    {
        _backend.History.Add(new PastMessage(DateTimeOffset.Now, false, "no id here", null));
        _backend.Sink.OnMessage(new IncomingMessage(Alice, null, "no id here", null, DateTimeOffset.Now));
        var window = _vm.Windows[1];
        Assert.Equal(["no id here"], window.Lines.Select(l => l.Text));
        Assert.Equal(1, window.Unread);
    }

    [Fact]
    public void At_most_fifty_lines_are_loaded()
    {
        for (var i = 0; i < 80; i++)
            _backend.History.Add(new PastMessage(DateTimeOffset.Now, false, "m" + i, "h" + i));
        var window = _vm.OpenChat(Alice, focus: true);
        Assert.Equal(ClientViewModel.HistoryLines + 1, window.Lines.Count);
        Assert.Equal("m30", window.Lines[1].Text);
    }

    [Fact]
    public void A_live_message_already_in_the_history_is_shown_once()
    {
        _backend.History.Add(new PastMessage(DateTimeOffset.Now, false, "first", "x1"));
        _backend.Sink.OnMessage(new IncomingMessage(Alice, "x1", "first", null, DateTimeOffset.Now));
        var window = _vm.Windows.Single(w => w.Kind == WindowKind.Chat);
        Assert.Single(window.Lines, l => l.Text == "first");
    }

    [Fact]
    public async Task Offline_messages_go_to_the_outbox_when_the_backend_has_one()
    {
        _backend.CanQueueOffline = true;
        _vm.OpenChat(Alice, focus: true);
        _vm.Execute("see you later");
        await _vm.WhenIdle();
        Assert.Contains(_backend.CallList, c => c.StartsWith($"queue {Alice} ", StringComparison.Ordinal) && c.EndsWith(" see you later", StringComparison.Ordinal));
        Assert.Contains(_vm.Active.Lines, l => l.Kind == LineKind.Mine && l.Text == "see you later");
        Assert.Contains("outbox", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_messages_are_refused_without_an_outbox()
    {
        _vm.OpenChat(Alice, focus: true);
        _vm.Execute("see you later");
        await _vm.WhenIdle();
        Assert.DoesNotContain(_backend.CallList, c => c.StartsWith("queue", StringComparison.Ordinal));
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
    }
}
