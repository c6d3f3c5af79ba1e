using Magpie.Cli.Presentation;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Extensions.Styling;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Presentation;

public sealed class ClientViewModelTests
{
    private static readonly Jid Alice = Jid.Parse("alice@example.org");

    private readonly FakeBackend _backend = new();
    private readonly ClientViewModel _vm;

    public ClientViewModelTests()
    {
        _vm = new ClientViewModel(_backend, InlineDispatcher.Instance);
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

    [Fact]
    public void Starts_with_the_console_window_only()
    {
        Assert.Single(_vm.Windows);
        Assert.Equal(WindowKind.Console, _vm.Active.Kind);
        Assert.Contains("[offline]", _vm.StatusText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_shows_online_in_the_status_bar()
    {
        await ConnectAsync();
        Assert.Contains("[online] me@example.org/magpie + online", _vm.StatusText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_when_online_says_so_and_stays_online()
    {
        await ConnectAsync();
        await TypeAsync("/connect");
        Assert.Single(_backend.CallList, c => c == "connect");
        Assert.Equal("Already connected.", _vm.Console.Lines[^1].Text);
        Assert.Equal(ConnectionStatus.Online, _vm.Connection);
    }

    [Fact]
    public async Task Msg_opens_a_window_and_sends_with_an_id_that_a_receipt_marks_delivered()
    {
        await ConnectAsync();
        await TypeAsync("/msg alice@example.org hi there");
        Assert.Equal(2, _vm.Windows.Count);
        Assert.Equal(1, _vm.ActiveIndex);
        var line = Assert.Single(_vm.Active.Lines);
        Assert.Equal(LineKind.Mine, line.Kind);
        Assert.Equal("hi there", line.Text);
        Assert.Contains(_backend.CallList, c => c == $"send alice@example.org {line.MessageId} hi there");
        Assert.False(line.Delivered);
        ((IChatEventSink)_vm).OnReceipt(Jid.Parse("alice@example.org/phone"), line.MessageId!);
        Assert.True(line.Delivered);
    }

    [Fact]
    public async Task A_line_xml_cannot_carry_is_refused_naming_the_character_and_stays_in_the_input_line()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("hi\u0001there");
        Assert.DoesNotContain(_backend.CallList, c => c.StartsWith("send", StringComparison.Ordinal));
        Assert.Equal("hi\u0001there", _vm.Input.Text);
        var notice = _vm.Active.Lines[^1];
        Assert.Equal(LineKind.Error, notice.Kind);
        Assert.Contains("U+0001 (character 3)", notice.Text, StringComparison.Ordinal);

        // Commands that carry text into a stanza are refused the same way.
        _vm.Input.Take();
        await TypeAsync("/status away back soon\u001b");
        Assert.DoesNotContain(_backend.CallList, c => c.StartsWith("presence", StringComparison.Ordinal));
        Assert.Contains("U+001B", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);

        // Fixed, it goes.
        _vm.Input.Take();
        await TypeAsync("hi there");
        Assert.Contains(_backend.CallList, c => c.StartsWith("send alice@example.org", StringComparison.Ordinal) && c.EndsWith(" hi there", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_text_in_the_console_is_not_sent()
    {
        await ConnectAsync();
        await TypeAsync("hello?");
        Assert.DoesNotContain(_backend.CallList, c => c.StartsWith("send", StringComparison.Ordinal));
        Assert.Equal(LineKind.Error, _vm.Console.Lines[^1].Kind);
    }

    [Fact]
    public async Task Sending_while_offline_says_so_and_sends_nothing()
    {
        _vm.OpenChat(Alice, focus: true);
        await TypeAsync("hello");
        Assert.DoesNotContain(_backend.CallList, c => c.StartsWith("send", StringComparison.Ordinal));
        Assert.Contains("Not connected", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_in_a_background_window_counts_unread_and_rings_the_bell()
    {
        await ConnectAsync();
        var bells = 0;
        _vm.Bell += (_, _) => bells++;
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Alice, "x1", "psst", null, DateTimeOffset.Now));
        Assert.Equal(1, bells);
        Assert.Equal(0, _vm.ActiveIndex);
        Assert.Equal(1, _vm.Windows[1].Unread);
        Assert.Contains("[1*][2+1]", _vm.StatusText, StringComparison.Ordinal);
        _vm.NextUnread();
        Assert.Equal(1, _vm.ActiveIndex);
        Assert.Equal(0, _vm.Active.Unread);
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Alice, "x2", "again", null, DateTimeOffset.Now));
        Assert.Equal(1, bells); // the shown window does not ring
    }

    [Fact]
    public async Task The_status_bar_lists_every_window_marks_the_one_shown_and_wins_lists_them()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: false);
        _vm.OpenChat(Jid.Parse("bob@example.org"), focus: true);
        Assert.Contains("[1][2][3*]", _vm.StatusText, StringComparison.Ordinal);
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Alice, "w1", "one", null, DateTimeOffset.Now));
        Assert.Contains("[1][2+1][3*]", _vm.StatusText, StringComparison.Ordinal);
        Assert.Equal([(false, false), (false, true), (true, false)], _vm.WindowMarks.Select(m => (m.Shown, m.Activity)));

        await TypeAsync("/wins");
        Assert.Equal(["3 windows:", "  1: console", "  2: alice@example.org — 1 unread", "  3: bob@example.org — shown"],
            _vm.Active.Lines.TakeLast(4).Select(l => l.Text));
    }

    [Fact]
    public async Task Away_and_online_set_the_presence_and_clear_empties_the_window()
    {
        await ConnectAsync();
        await TypeAsync("/away having lunch");
        Assert.Contains("presence Away having lunch", _backend.CallList);
        Assert.Contains("~ away (having lunch)", _vm.StatusText, StringComparison.Ordinal);
        await TypeAsync("/online");
        Assert.Contains("presence Online ", _backend.CallList);
        Assert.Contains("+ online", _vm.StatusText, StringComparison.Ordinal);
        Assert.NotEmpty(_vm.Console.Lines);
        await TypeAsync("/clear");
        Assert.Empty(_vm.Console.Lines);
    }

    [Fact]
    public async Task Closing_a_window_lands_on_the_one_before_and_reads_it()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: false);
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Alice, "c1", "unread here", null, DateTimeOffset.Now));
        _vm.OpenChat(Jid.Parse("bob@example.org"), focus: true);
        await TypeAsync("/close");
        Assert.Equal(1, _vm.ActiveIndex);
        Assert.Equal(0, _vm.Active.Unread);
        Assert.Contains("[1][2*]", _vm.StatusText, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_is_sanitised_before_it_reaches_a_line()
    {
        var evil = "hi \u001b[2J\u001b]0;pwned\u0007 \u202eevil\u202c \u009b31m";
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Jid.Parse("mallory@evil.example"), "e1", evil, null, DateTimeOffset.Now));
        var window = _vm.Windows[1];
        var text = window.Lines[0].Text;
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u202e', text);
        Assert.DoesNotContain('\u009b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.Contains("\\x1b", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_roster_names_are_sanitised()
    {
        _backend.Contacts.Add(new ContactInfo(Alice, "Al\u001b[31mice\u202e", ["G\u001b[1m"], RosterSubscription.Both, false, PresenceShow.Away, null));
        ((IChatEventSink)_vm).OnRosterChanged();
        Assert.All(_vm.Roster.Rows, r => Assert.DoesNotContain('\u001b', r.Text));
        Assert.All(_vm.Roster.Rows, r => Assert.DoesNotContain('\u202e', r.Text));
    }

    [Fact]
    public async Task Chat_states_show_and_clear_the_typing_notice()
    {
        await ConnectAsync();
        _backend.Contacts.Add(new ContactInfo(Alice, "Alice", [], RosterSubscription.Both, false, PresenceShow.Online, null));
        ((IChatEventSink)_vm).OnRosterChanged();
        var window = _vm.OpenChat(Alice, focus: true);
        ((IChatEventSink)_vm).OnChatState(Jid.Parse("alice@example.org/phone"), ChatState.Composing);
        Assert.Equal("Alice is typing…", window.TypingNotice);
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Alice, "a1", "done", null, DateTimeOffset.Now));
        Assert.Null(window.TypingNotice);
    }

    [Fact]
    public async Task The_typing_notice_ends_when_the_contact_goes_offline()
    {
        await ConnectAsync();
        _backend.Contacts.Add(new ContactInfo(Alice, "Alice", [], RosterSubscription.Both, false, PresenceShow.Online, null));
        ((IChatEventSink)_vm).OnRosterChanged();
        var window = _vm.OpenChat(Alice, focus: true);
        ((IChatEventSink)_vm).OnChatState(Jid.Parse("alice@example.org/phone"), ChatState.Composing);
        Assert.Equal("Alice is typing…", window.TypingNotice);
        _backend.Contacts[0] = _backend.Contacts[0] with { Show = null };
        ((IChatEventSink)_vm).OnRosterChanged();
        Assert.Null(window.TypingNotice);
    }

    [Fact]
    public async Task Disconnected_is_said_once_and_a_failed_connect_once()
    {
        await ConnectAsync();
        await TypeAsync("/disconnect");
        ((IChatEventSink)_vm).OnConnectionState(ConnectionStatus.Offline, null); // the closed connection says it again
        Assert.Single(_vm.Console.Lines, l => l.Text == "Disconnected.");

        _backend.FailWith = new IOException("Connection refused");
        await TypeAsync("/connect");
        Assert.Single(_vm.Console.Lines, l => l.Text.Contains("Connection refused", StringComparison.Ordinal));
        Assert.Equal("Disconnected. Connection refused", _vm.Console.Lines[^1].Text);
    }

    [Fact]
    public async Task Typing_in_a_conversation_sends_chat_states_but_commands_do_not()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: true);
        _vm.Input.Insert("h");
        await _vm.WhenIdle();
        Assert.Contains("typing alice@example.org", _backend.CallList);
        _vm.Input.Take();
        var before = _backend.Calls.Count;
        _vm.Input.Insert("/help");
        await _vm.WhenIdle();
        Assert.Equal(before, _backend.Calls.Count);
    }

    [Fact]
    public async Task Keystrokes_and_sends_reach_the_backend_in_the_order_the_user_acted()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: true);
        await _vm.WhenIdle();
        for (var i = 0; i < 50; i++)
        {
            var before = _backend.Calls.Count;
            // A fast typist: a keystroke and the send right after it. Each must be handed to the backend before
            // the UI goes on, or the chat state could overtake the message (or the message the state).
            _vm.Input.Insert("x");
            Assert.Equal("typing alice@example.org", _backend.CallList.Skip(before).Single());
            _vm.Input.Take();
            _vm.SendToActive("message " + i);
            Assert.StartsWith("send alice@example.org ", _backend.CallList.Skip(before + 1).Single(), StringComparison.Ordinal);
        }
        await _vm.WhenIdle();
    }

    [Fact]
    public async Task Switching_windows_sends_inactive_and_active()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: true);
        _vm.OpenChat(Jid.Parse("bob@example.org"), focus: true);
        await _vm.WhenIdle();
        Assert.Contains("active alice@example.org", _backend.CallList);
        Assert.Contains("inactive alice@example.org", _backend.CallList);
        Assert.Contains("active bob@example.org", _backend.CallList);
    }

    [Fact]
    public async Task Correct_replaces_our_last_message_and_targets_its_id()
    {
        await ConnectAsync();
        await TypeAsync("/msg alice@example.org helo");
        var id = _vm.Active.LastOwnMessageId;
        await TypeAsync("/correct hello");
        var line = Assert.Single(_vm.Active.Lines);
        Assert.True(line.Corrected);
        Assert.Equal("hello", line.Text);
        Assert.Contains($"correct alice@example.org {id} hello", _backend.CallList);
    }

    [Fact]
    public void Incoming_corrections_apply_only_to_the_senders_messages()
    {
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Alice, "a1", "teh", null, DateTimeOffset.Now));
        ((IChatEventSink)_vm).OnCorrection(Jid.Parse("bob@example.org"), "a1", "forged");
        Assert.Equal("teh", _vm.Windows[1].Lines[0].Text);
        ((IChatEventSink)_vm).OnCorrection(Alice, "a1", "the");
        Assert.Equal("the", _vm.Windows[1].Lines[0].Text);
        Assert.True(_vm.Windows[1].Lines[0].Corrected);
    }

    [Fact]
    public async Task Me_actions_are_shown_as_actions()
    {
        await ConnectAsync();
        await TypeAsync("/msg alice@example.org /me waves");
        Assert.Equal(LineKind.Action, _vm.Active.Lines[0].Kind);
        Assert.Equal("waves", _vm.Active.Lines[0].Text);
        Assert.Contains(_backend.CallList, c => c.EndsWith(" /me waves", StringComparison.Ordinal));
    }

    [Fact]
    public void Styling_becomes_styled_runs()
    {
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Alice, "s1", "a *bold* move", null, DateTimeOffset.Now));
        Assert.Contains(_vm.Windows[1].Lines[0].Runs, r => r.Styles.HasFlag(TextStyles.Bold));
    }

    [Fact]
    public void Xhtml_runs_win_over_the_plain_body_and_are_sanitised()
    {
        var rich = Magpie.Xmpp.Extensions.XhtmlIm.XhtmlIm.ToStyledText(System.Xml.Linq.XElement.Parse(
            "<body xmlns='http://www.w3.org/1999/xhtml'><p>plain <em>italic\u202e</em> <strong>strong</strong></p></body>"));
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Alice, "h1", "plain italic strong", rich, DateTimeOffset.Now));
        var runs = _vm.Windows[1].Lines[0].Runs;
        Assert.Contains(runs, r => r.Styles.HasFlag(TextStyles.Italic) && r.Text.StartsWith("italic", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Styles.HasFlag(TextStyles.Bold) && r.Text == "strong");
        Assert.All(runs, r => Assert.DoesNotContain('\u202e', r.Text));
    }

    [Fact]
    public void Urls_are_collected_and_listed()
    {
        ((IChatEventSink)_vm).OnMessage(new IncomingMessage(Alice, "u1", "see https://example.org/a, and https://example.org/a.", null, DateTimeOffset.Now));
        _vm.GoTo(1);
        Assert.Equal(["https://example.org/a"], _vm.Active.Urls);
        _vm.Execute("/urls");
        Assert.Equal("[1] https://example.org/a", _vm.Active.Lines[^1].Text);
    }

    [Theory]
    [InlineData("/roster add bob@example.org Bob", "roster add bob@example.org Bob")]
    [InlineData("/roster remove bob@example.org", "roster remove bob@example.org")]
    [InlineData("/sub request bob@example.org", "sub request bob@example.org")]
    [InlineData("/sub approve bob@example.org", "sub approve bob@example.org")]
    [InlineData("/sub deny bob@example.org", "sub deny bob@example.org")]
    [InlineData("/status away gone fishing", "presence Away gone fishing")]
    [InlineData("/disconnect", "disconnect")]
    [InlineData("/register", "register")]
    public async Task Commands_reach_the_backend(string line, string call)
    {
        await ConnectAsync();
        await TypeAsync(line);
        Assert.Contains(call, _backend.CallList);
    }

    [Theory]
    [InlineData("/roster add")]
    [InlineData("/roster frobnicate x@y")]
    [InlineData("/sub maybe bob@example.org")]
    [InlineData("/status sleepy")]
    [InlineData("/msg @@bad")]
    [InlineData("/win 7")]
    [InlineData("/nonsense")]
    public async Task Bad_commands_explain_themselves_and_call_nothing(string line)
    {
        await ConnectAsync();
        var before = _backend.Calls.Count;
        await TypeAsync(line);
        Assert.Equal(before, _backend.Calls.Count);
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
    }

    [Fact]
    public async Task Backend_failures_become_error_lines()
    {
        await ConnectAsync();
        _backend.FailWith = new InvalidOperationException("server said no");
        await TypeAsync("/roster add bob@example.org");
        Assert.Contains("server said no", _vm.Active.Lines[^1].Text, StringComparison.Ordinal);
        Assert.Equal(LineKind.Error, _vm.Active.Lines[^1].Kind);
    }

    [Fact]
    public async Task Delete_account_needs_the_jid_typed()
    {
        await ConnectAsync();
        await TypeAsync("/delete-account");
        Assert.True(_vm.IsConfirming);
        await TypeAsync("yes");
        Assert.DoesNotContain("delete-account", _backend.CallList);
        Assert.False(_vm.IsConfirming);
        await TypeAsync("/delete-account");
        await TypeAsync("me@example.org");
        Assert.Contains("delete-account", _backend.CallList);
    }

    [Fact]
    public async Task Info_shows_sanitised_lines()
    {
        await ConnectAsync();
        await TypeAsync("/info alice@example.org");
        Assert.Contains("info alice@example.org", _backend.CallList);
        Assert.Contains(_vm.Active.Lines, l => l.Text.Contains("software", StringComparison.Ordinal) && !l.Text.Contains('\u001b') && !l.Text.Contains('\u202e'));
    }

    [Fact]
    public async Task Windows_switch_cycle_and_close_but_the_console_stays()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: false);
        _vm.OpenChat(Jid.Parse("bob@example.org"), focus: false);
        _vm.Cycle(-1);
        Assert.Equal(2, _vm.ActiveIndex);
        _vm.Cycle(1);
        Assert.Equal(0, _vm.ActiveIndex);
        await TypeAsync("/win 2");
        Assert.Equal(1, _vm.ActiveIndex);
        await TypeAsync("/close");
        Assert.Equal(2, _vm.Windows.Count);
        Assert.Contains("gone alice@example.org", _backend.CallList);
        await TypeAsync("/close 1");
        Assert.Equal(2, _vm.Windows.Count);
    }

    [Fact]
    public async Task Reconnecting_keeps_the_windows_and_shows_the_state()
    {
        await ConnectAsync();
        _vm.OpenChat(Alice, focus: true);
        ((IChatEventSink)_vm).OnConnectionState(ConnectionStatus.Reconnecting, "reset by peer");
        Assert.Contains("[reconnecting…]", _vm.StatusText, StringComparison.Ordinal);
        Assert.Equal(2, _vm.Windows.Count);
        ((IChatEventSink)_vm).OnConnectionState(ConnectionStatus.Online, null);
        Assert.Contains("[online]", _vm.StatusText, StringComparison.Ordinal);
    }

    [Fact]
    public void Subscription_requests_show_in_the_roster_and_console()
    {
        _backend.Requests.Add(new SubscriptionRequest(Jid.Parse("carol@example.org"), "hi", DateTimeOffset.Now));
        ((IChatEventSink)_vm).OnSubscriptionRequest(Jid.Parse("carol@example.org"), "hi");
        Assert.Contains(_vm.Roster.Rows, r => r.Kind == RosterRowKind.Request && r.Text == "? carol@example.org");
        Assert.Contains("/sub approve carol@example.org", _vm.Console.Lines[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quit_logs_out_then_asks_to_leave()
    {
        await ConnectAsync();
        var quit = false;
        _vm.QuitRequested += (_, _) => quit = true;
        await TypeAsync("/quit");
        Assert.Contains("disconnect", _backend.CallList);
        Assert.True(quit);
    }

    [Fact]
    public async Task Help_lists_every_command_and_explains_one()
    {
        await TypeAsync("/help");
        var text = string.Join("\n", _vm.Console.Lines.Select(l => l.Text));
        Assert.All(ChatCommands.All, c => Assert.Contains("/" + c.Name, text, StringComparison.Ordinal));
        Assert.Contains("Alt+A", text, StringComparison.Ordinal);
        await TypeAsync("/help correct");
        Assert.Contains("XEP-0308", _vm.Console.Lines[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tab_completes_commands_sub_words_and_jids()
    {
        _backend.Contacts.Add(new ContactInfo(Alice, "Alice", [], RosterSubscription.Both, false, null, null));
        ((IChatEventSink)_vm).OnRosterChanged();
        _vm.Input.Insert("/ros");
        _vm.Complete();
        Assert.Equal("/roster ", _vm.Input.Text);
        _vm.Complete();
        Assert.Equal("/roster ", _vm.Input.Text); // only one match: stays
        _vm.Input.Insert("a");
        _vm.Complete();
        Assert.Equal("/roster add ", _vm.Input.Text);
        _vm.Input.Insert("al");
        _vm.Complete();
        Assert.Equal("/roster add alice@example.org ", _vm.Input.Text);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Roster_list_shows_every_contact_with_presence_subscription_and_groups_sanitised()
    {
        await TypeAsync("/roster list");
        Assert.Equal("The roster is empty; /roster add JID adds a contact.", _vm.Console.Lines[^1].Text);
        _backend.Contacts.Add(new ContactInfo(Alice, "Alice\u001b[2J", ["Friends"], RosterSubscription.Both, false, PresenceShow.Away, "lunch"));
        _backend.Contacts.Add(new ContactInfo(Jid.Parse("bob@example.org"), null, [], RosterSubscription.None, true, null, null));
        await TypeAsync("/roster");
        var text = _vm.Console.Lines.TakeLast(3).Select(l => l.Text).ToArray();
        Assert.Equal("2 contacts:", text[0]);
        Assert.Equal("  ~ \"Alice\\x1b[2J\" <alice@example.org> — away: lunch (subscription both) [Friends]", text[1]);
        Assert.Equal("  - bob@example.org — offline (subscription none, asked)", text[2]);
    }
}
