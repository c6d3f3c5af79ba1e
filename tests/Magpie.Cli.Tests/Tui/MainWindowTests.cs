using Magpie.Cli.Presentation;
using Magpie.Cli.Tests.Presentation;
using Magpie.Cli.Tui;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;

namespace Magpie.Cli.Tests.Tui;

/// <summary>The client screen on Terminal.Gui's ANSI driver with simulated I/O: lay out, draw, read the cells.</summary>
[Collection("tui")]
public sealed class MainWindowTests : IDisposable
{
    private readonly IApplication _app;
    private readonly FakeBackend _backend = new();
    private readonly ClientViewModel _vm;
    private readonly MainWindow _window;

    public MainWindowTests()
    {
        _app = Application.Create().Init(DriverRegistry.Names.ANSI);
        _app.Driver!.SetScreenSize(80, 16);
        _vm = new ClientViewModel(_backend, InlineDispatcher.Instance);
        _window = new MainWindow(_vm);
        _app.Begin(_window);
    }

    public void Dispose()
    {
        _window.Dispose();
        _app.Dispose();
    }

    private string Screen()
    {
        _app.LayoutAndDraw(forceRedraw: true);
        return _app.Driver!.ToString()!;
    }

    // Stay on the thread that owns the application: resuming after an await on another thread and then
    // driving Terminal.Gui from there hung the test host now and then.
    private void WaitIdle() => Assert.True(_vm.WhenIdle().Wait(TimeSpan.FromSeconds(10)), "the view model did not become idle");

    private void Press(Key key) => _app.GetInputInjector().InjectKey(key);

    private void Type(string text)
    {
        foreach (var c in text)
            Press(new Key(c));
    }

    [Fact]
    public void Draws_menu_console_status_and_prompt()
    {
        var lines = Screen().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        Assert.Contains("Session", lines[0], StringComparison.Ordinal);
        Assert.Contains("1: console", lines[1], StringComparison.Ordinal);
        Assert.Contains("[offline] me@example.org/magpie", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith(">", lines[^1].TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_input_line_has_the_focus_and_typing_shows_there()
    {
        Assert.True(_window.InputView.HasFocus);
        Type("/hel");
        Press(Key.Tab);
        Assert.Equal("/help ", _vm.Input.Text);
        Assert.Contains("> /help", Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bracketed_paste_lands_in_the_input_line_with_its_lines_kept()
    {
        Type("> ");
        _app.RaisePasteEvent("first line\r\nsecond line");
        Assert.Equal("> first line\nsecond line", _vm.Input.Text);
    }

    [Fact]
    public void A_conversation_shows_lines_receipts_and_the_typing_notice()
    {
        _vm.Connect();
        WaitIdle();
        _backend.Contacts.Add(new ContactInfo(Jid.Parse("alice@example.org"), "Alice", ["Friends"], RosterSubscription.Both, false, PresenceShow.Away, "at \u001b[5mlunch"));
        Type("/msg alice@example.org hello");
        Press(Key.Enter);
        WaitIdle();
        var sink = (IChatEventSink)_vm;
        sink.OnRosterChanged();
        sink.OnReceipt(Jid.Parse("alice@example.org"), _vm.Active.LastOwnMessageId!);
        sink.OnChatState(Jid.Parse("alice@example.org/x"), ChatState.Composing);
        var screen = Screen();
        Assert.Contains("2: Alice <alice@example.org>  ~ away", screen, StringComparison.Ordinal);
        Assert.Contains("me> hello ✓", screen, StringComparison.Ordinal);
        Assert.Contains("Alice is typing…", screen, StringComparison.Ordinal);
        Assert.Contains("~ Alice", screen, StringComparison.Ordinal);
        Assert.Contains("~ away: at \\x1b[5mlunch", screen, StringComparison.Ordinal);
        Assert.Contains("Friends", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Alt_digits_and_alt_arrows_switch_windows()
    {
        _vm.OpenChat(Jid.Parse("alice@example.org"), focus: false);
        _vm.OpenChat(Jid.Parse("bob@example.org"), focus: false);
        Press(Key.D3.WithAlt);
        Assert.Equal(2, _vm.ActiveIndex);
        Assert.Contains("3: bob@example.org", Screen(), StringComparison.Ordinal);
        Press(Key.CursorLeft.WithAlt);
        Assert.Equal(1, _vm.ActiveIndex);
        Press(Key.CursorRight.WithAlt);
        Press(Key.CursorRight.WithAlt);
        Assert.Equal(0, _vm.ActiveIndex);
    }

    [Fact]
    public void Alt_a_goes_to_the_next_unread_window()
    {
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Jid.Parse("bob@example.org"), "b1", "psst", null, DateTimeOffset.Now));
        Assert.Contains("[1*][2+1]", Screen(), StringComparison.Ordinal);
        Press(Key.A.WithAlt);
        Assert.Equal(1, _vm.ActiveIndex);
        Assert.Contains("psst", Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Page_up_scrolls_back_and_page_down_returns()
    {
        for (var i = 0; i < 40; i++)
            ((IChatEventSink)_vm).OnNotice($"notice {i}");
        Assert.Contains("notice 39", Screen(), StringComparison.Ordinal);
        Press(Key.PageUp);
        var screen = Screen();
        Assert.DoesNotContain("notice 39", screen, StringComparison.Ordinal);
        Assert.Contains("scrolled back", screen, StringComparison.Ordinal);
        Press(Key.PageDown);
        Assert.Contains("notice 39", Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Esc_does_nothing_and_ctrl_c_logs_out_and_quits()
    {
        var quit = false;
        _vm.QuitRequested += (_, _) => quit = true;
        Assert.True(_window.IsRunning);
        Press(Key.Esc);
        WaitIdle();
        Assert.True(_window.IsRunning);
        Assert.False(quit);
        Press(Key.C.WithCtrl);
        WaitIdle();
        Assert.True(quit);
        Assert.Contains("disconnect", _backend.CallList);
    }

    [Fact]
    public void F9_opens_the_menu_and_arrows_move_between_menus_and_items()
    {
        Press(Key.F9);
        var screen = Screen();
        Assert.Contains("Connect", screen, StringComparison.Ordinal);
        Assert.Contains("Quit", screen, StringComparison.Ordinal);
        Press(Key.CursorRight);
        screen = Screen();
        Assert.Contains("Add", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Quit", screen, StringComparison.Ordinal);
        Press(Key.CursorRight);
        Assert.Contains("Bookmark this room", Screen(), StringComparison.Ordinal);
        Press(Key.CursorLeft);
        Press(Key.CursorDown); // from "List" to "Message…"
        Press(Key.CursorDown); // to "Add…"
        Press(Key.Enter);
        Assert.Equal("/roster add ", _vm.Input.Text);
        Assert.True(_window.InputView.HasFocus);
        Assert.DoesNotContain("Approve", Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Readline_keys_edit_the_input_line()
    {
        // The walk-through: a prefilled "/roster add " had to go before typing another command.
        Type("/roster add ");
        Press(Key.U.WithCtrl);
        Assert.Equal("", _vm.Input.Text);
        Type("/sub request bob@example.org");
        Press(Key.W.WithCtrl);
        Assert.Equal("/sub request ", _vm.Input.Text);
        Press(Key.Y.WithCtrl); // yank puts back what was cut
        Assert.Equal("/sub request bob@example.org", _vm.Input.Text);
        Press(Key.Backspace.WithAlt); // a word of letters and digits: "org"
        Assert.Equal("/sub request bob@example.", _vm.Input.Text);
        Press(Key.H.WithCtrl.WithAlt); // ESC ^H, the same from a terminal whose Backspace sends ^H
        Assert.Equal("/sub request bob@", _vm.Input.Text);
        Press(Key.Y.WithCtrl);
        Assert.Equal("/sub request bob@example.", _vm.Input.Text);
        Press(Key.A.WithCtrl);
        Assert.Equal(0, _vm.Input.Cursor);
        Press(Key.F.WithAlt);
        Press(Key.F.WithAlt);
        Assert.Equal("/sub request".Length, _vm.Input.Cursor);
        Press(Key.K.WithCtrl);
        Assert.Equal("/sub request", _vm.Input.Text);
        Press(Key.B.WithAlt);
        Assert.Equal("/sub ".Length, _vm.Input.Cursor);
        Press(Key.E.WithCtrl);
        Assert.Equal("/sub request".Length, _vm.Input.Cursor);
        Assert.Contains("> /sub request", Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_message_wraps_between_words()
    {
        var words = Enumerable.Range(0, 40).Select(i => "word" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        ((IChatEventSink)_vm).OnNotice(string.Join(' ', words));
        var rows = Screen().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var shown = rows.SelectMany(r => r.Split([' ', '│', '-'], StringSplitOptions.RemoveEmptyEntries)).Where(w => w.StartsWith("word", StringComparison.Ordinal)).ToList();
        Assert.Equal(words, shown); // every word whole, in order: none is cut at the edge
    }

    [Fact]
    public void Page_up_stops_when_the_oldest_line_reaches_the_top()
    {
        for (var i = 0; i < 40; i++)
            ((IChatEventSink)_vm).OnNotice($"notice {i}");
        for (var i = 0; i < 10; i++)
            Press(Key.PageUp);
        var rows = Screen().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains("notice 0", rows[2], StringComparison.Ordinal); // under the menu and the title row
        var back = _vm.Active.ScrollBack;
        Press(Key.PageUp);
        Assert.Equal(back, _vm.Active.ScrollBack);
        Press(Key.PageDown);
        Assert.True(_vm.Active.ScrollBack < back); // and one PageDown moves at once
    }

    [Fact]
    public void The_status_bar_is_not_pure_blue_and_the_light_theme_darkens_the_bright_colours()
    {
        Screen();
        var bar = _app.Driver!.Contents![14, 2].Attribute!.Value; // the status bar row, above the input line
        Assert.NotEqual(new Color(ColorName16.Blue), bar.Background);
        Assert.Equal(new Color(ColorName16.DarkGray), bar.Background);
        try
        {
            Assert.True(Palette.UseTheme("light"));
            Assert.Equal(new Color(ColorName16.Green), Palette.For(LineKind.Theirs));
            Screen();
            Assert.Equal(new Color(ColorName16.Gray), _app.Driver.Contents![14, 2].Attribute!.Value.Background);
            Assert.False(Palette.UseTheme("neon")); // unknown: the default, and the caller can say so
            Assert.Equal(new Color(ColorName16.BrightGreen), Palette.For(LineKind.Theirs));
        }
        finally
        {
            Palette.UseTheme(null);
        }
    }

    [Fact]
    public void The_roster_pane_shrinks_on_a_narrow_terminal()
    {
        _app.Driver!.SetScreenSize(36, 16);
        _app.LayoutAndDraw(forceRedraw: true);
        var rows = Screen().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(11, rows[2].IndexOf('│', StringComparison.Ordinal)); // a third of 36, then the line
        Assert.Contains("1: console", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Alt_enter_adds_a_line_break_without_sending()
    {
        Type("ab");
        Press(Key.Enter.WithAlt);
        Type("cd");
        Assert.Equal("ab\ncd", _vm.Input.Text);
        Assert.Contains("> ab↵cd", Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_reaches_the_cells_only_as_visible_escapes()
    {
        ((IChatEventSink)_vm).OnNotice("x\u001b[31mred\u202eevil\u0007");
        var screen = Screen();
        Assert.Contains("x\\x1b[31mred\\u202eevil\\x07", screen, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', screen);
        Assert.DoesNotContain('\u202e', screen);
    }
}
