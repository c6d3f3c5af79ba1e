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
        Assert.Equal(LineKind.Theirs, window.Lines[0].Kind);
        Assert.DoesNotContain("\u001b", window.Lines[0].Text, StringComparison.Ordinal);
        Assert.Equal(LineKind.Mine, window.Lines[1].Kind);
        Assert.Equal(t.AddMinutes(1), window.Lines[1].Time);
        Assert.Contains("2 earlier messages", window.Lines[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_fifty_lines_are_loaded()
    {
        for (var i = 0; i < 80; i++)
            _backend.History.Add(new PastMessage(DateTimeOffset.Now, false, "m" + i, "h" + i));
        var window = _vm.OpenChat(Alice, focus: true);
        Assert.Equal(ClientViewModel.HistoryLines + 1, window.Lines.Count);
        Assert.Equal("m30", window.Lines[0].Text);
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
