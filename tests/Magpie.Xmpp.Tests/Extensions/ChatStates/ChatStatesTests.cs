using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.ChatStates;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Time.Testing;

namespace Magpie.Xmpp.Tests.Extensions.ChatStates;

public sealed class ChatStatesTests
{
    private static readonly Jid Romeo = Jid.Parse("romeo@example.net");

    [Fact]
    public async Task Notifier_follows_the_sending_rules_once_support_is_shown()
    {
        ChatStatesExtension? ext = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>hello</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>
            C: <message to='romeo@example.net' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>
            C: <message to='romeo@example.net' type='chat'><paused xmlns='http://jabber.org/protocol/chatstates'/></message>
            C: <message to='romeo@example.net' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>
            C: <message to='romeo@example.net' type='chat'><body>bye</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>
            C: <message to='romeo@example.net' type='chat'><gone xmlns='http://jabber.org/protocol/chatstates'/></message>
            """, configure: c => ext = c.Use(new ChatStatesExtension()));
        var states = new EventAwaiter<ChatStateEventArgs>();
        ext!.ChatStateReceived += (_, e) => states.Add(e);
        var time = new FakeTimeProvider();
        using var notifier = ext.CreateNotifier(Romeo, TimeSpan.FromSeconds(5), time);

        // Support unknown: a standalone "composing" must not go out (the first C: line is the message).
        await notifier.TypingAsync();
        Assert.Equal(ChatStateSupport.Unknown, ext.GetSupport(Romeo));
        await notifier.SendMessageAsync(new Message(Romeo, "hi"));
        var reply = Assert.Single(await states.WaitForAsync(1));
        Assert.Equal(ChatState.Active, reply.State);
        Assert.Equal(ChatStateSupport.Supported, ext.GetSupport(Romeo));

        await notifier.TypingAsync();
        await notifier.TypingAsync(); // still composing: not sent twice
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(ChatState.Composing, notifier.State);
        time.Advance(TimeSpan.FromSeconds(1));
        await notifier.LastTimerSend.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ChatState.Paused, notifier.State);
        await notifier.TypingAsync();
        await notifier.SendMessageAsync(new Message(Romeo, "bye"));
        // Sending stopped the timer: advancing time sends no "paused".
        time.Advance(TimeSpan.FromSeconds(30));
        await notifier.LeaveAsync();
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Peer_that_replies_without_a_state_gets_no_more_states()
    {
        ChatStatesExtension? ext = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>hello</body></message>
            C: <message to='romeo@example.net' type='chat'><body>plain</body></message>
            """, configure: c => ext = c.Use(new ChatStatesExtension()));
        var received = new EventAwaiter<Message>();
        // Router handlers run in registration order: this one runs after the extension has seen the reply.
        session.Client.Router.AddHandler(s => s is Message, (s, _) => { received.Add((Message)s); return ValueTask.CompletedTask; });
        var time = new FakeTimeProvider();
        using var notifier = ext!.CreateNotifier(Romeo, TimeSpan.FromSeconds(5), time);
        await notifier.SendMessageAsync(new Message(Romeo, "hi"));
        await received.WaitForAsync(1);
        // Any state sent from here on would make the transcript fail.
        await notifier.TypingAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        await notifier.LastTimerSend;
        await notifier.SendMessageAsync(new Message(Romeo, "plain"));
        await session.AssertCompleteAsync();
        Assert.Equal(ChatStateSupport.Unsupported, ext.GetSupport(Romeo));
    }

    private const string SupportShown = """
        C: <message to='romeo@example.net' type='chat'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>
        S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>hello</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>

        """;

    private static string StateLine(string state) =>
        $"C: <message to='romeo@example.net' type='chat'><{state} xmlns='http://jabber.org/protocol/chatstates'/></message>\n";

    private static string MessageLine(string body) =>
        $"C: <message to='romeo@example.net' type='chat'><body>{body}</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>\n";

    [Fact]
    public async Task States_and_messages_leave_in_call_order_under_a_burst()
    {
        const int Rounds = 40;
        var transcript = new System.Text.StringBuilder(SupportShown);
        for (var i = 0; i < Rounds; i++)
        {
            transcript.Append(StateLine("composing"));
            if (i % 5 == 0)
                transcript.Append(StateLine("paused")); // the idle timer fired between the keystroke and the send
            transcript.Append(MessageLine("m" + i));
        }
        transcript.Append(StateLine("gone"));
        ChatStatesExtension? ext = null;
        await using var session = await ReplayHarness.ConnectAsync(transcript.ToString(), configure: c => ext = c.Use(new ChatStatesExtension()));
        var states = new EventAwaiter<ChatStateEventArgs>();
        ext!.ChatStateReceived += (_, e) => states.Add(e);
        var time = new FakeTimeProvider();
        using var notifier = ext.CreateNotifier(Romeo, TimeSpan.FromSeconds(5), time);
        await notifier.SendMessageAsync(new Message(Romeo, "hi"));
        await states.WaitForAsync(1);

        // Nothing awaited in between: a keystroke (or a few) and the send right after, as a fast typist makes
        // them; every call only queues, and the real sends run on the thread pool.
        var sends = new List<Task>();
        for (var i = 0; i < Rounds; i++)
        {
            sends.Add(notifier.TypingAsync());
            sends.Add(notifier.TypingAsync());
            if (i % 5 == 0)
                time.Advance(TimeSpan.FromSeconds(5));
            sends.Add(notifier.SendMessageAsync(new Message(Romeo, "m" + i)));
            // A send stops the timer: no "paused" after a message.
            time.Advance(TimeSpan.FromSeconds(5));
        }
        sends.Add(notifier.LeaveAsync());
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(30));
        await notifier.LastTimerSend.WaitAsync(TimeSpan.FromSeconds(30));

        await session.AssertCompleteAsync();
        Assert.Equal(ChatState.Gone, notifier.State);
    }

    [Fact]
    public async Task A_state_that_was_not_sent_is_not_recorded_and_goes_out_at_the_next_keystroke()
    {
        ChatStatesExtension? ext = null;
        await using var session = await ReplayHarness.ConnectAsync(SupportShown + StateLine("composing"),
            configure: c => ext = c.Use(new ChatStatesExtension()));
        var states = new EventAwaiter<ChatStateEventArgs>();
        ext!.ChatStateReceived += (_, e) => states.Add(e);
        using var notifier = ext.CreateNotifier(Romeo, TimeSpan.FromSeconds(5), new FakeTimeProvider());
        await notifier.SendMessageAsync(new Message(Romeo, "hi"));
        await states.WaitForAsync(1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => notifier.TypingAsync(new CancellationToken(canceled: true)));
        Assert.Equal(ChatState.Active, notifier.State);
        await notifier.TypingAsync();

        await session.AssertCompleteAsync();
        Assert.Equal(ChatState.Composing, notifier.State);
    }

    [Fact]
    public async Task Received_states_are_raised_for_one_to_one_messages_only()
    {
        var states = new EventAwaiter<ChatStateEventArgs>();
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='room@muc.example.net/romeo' to='juliet@example.com/balcony' type='groupchat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><paused xmlns='http://jabber.org/protocol/chatstates'/></message>
            """, configure: c => c.Use(new ChatStatesExtension()).ChatStateReceived += (_, e) => states.Add(e));
        var items = await states.WaitForAsync(2);
        Assert.Equal([ChatState.Composing, ChatState.Paused], items.Select(i => i.State));
        Assert.All(items, i => Assert.Equal("romeo@example.net/orchard", i.From.ToString()));
        Assert.Contains(Magpie.Xmpp.Extensions.ChatStates.ChatStates.Namespace, session.Client.Router.Features);
    }

    [Theory]
    [InlineData(ChatState.Active, "active")]
    [InlineData(ChatState.Composing, "composing")]
    [InlineData(ChatState.Paused, "paused")]
    [InlineData(ChatState.Inactive, "inactive")]
    [InlineData(ChatState.Gone, "gone")]
    public void Set_and_get_round_trip_with_one_element(ChatState state, string name)
    {
        var message = new Message(Romeo, null);
        Magpie.Xmpp.Extensions.ChatStates.ChatStates.Set(message, ChatState.Composing);
        Magpie.Xmpp.Extensions.ChatStates.ChatStates.Set(message, state);
        var element = Assert.Single(message.Element.Elements());
        Assert.Equal(name, element.Name.LocalName);
        Assert.Equal(state, Magpie.Xmpp.Extensions.ChatStates.ChatStates.Get(message));
    }
}
