using System.Collections.Concurrent;
using System.Xml.Linq;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Diagnostics;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.StreamManagement;
using Magpie.Xmpp.Transport;

namespace Magpie.Xmpp.Tests.Core;

/// <summary>XEP-0198 replayed: enabling, counting and acks, resumption (and its failure) over a second
/// connection, and the handled-count-too-high protection.</summary>
public sealed class StreamManagementTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly Jid Romeo = Jid.Parse("romeo@example.net");

    /// <summary>A client whose every connection is the next part of one transcript file (parts are split at
    /// <c>#! --- connection</c> lines, each starting after SASL), with its events recorded.</summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private readonly ConcurrentQueue<ReplayStream> _pending = new();

        public Scenario(string name, int ackEvery, TimeProvider? time = null, TimeSpan? reconnectDelay = null)
        {
            var text = ReadResource($"Transcripts/sm/{name}.xmpp");
            var parts = text.Split("#! --- connection", StringSplitOptions.None);
            for (var i = 0; i < parts.Length; i++)
            {
                // Drop the rest of the marker line.
                var part = i == 0 ? parts[i] : parts[i][(parts[i].IndexOf('\n', StringComparison.Ordinal) + 1)..];
                // The file's header comments would otherwise continue the preamble's last line.
                part = string.Join('\n', part.Split('\n').Where(line => !line.StartsWith('#')));
                var marker = i == 0 ? "" : parts[i][..parts[i].IndexOf('\n', StringComparison.Ordinal)];
                var stream = new ReplayStream(Transcript.Parse(AuthPreamble + "\n" + part, $"{name}#{i + 1}"))
                {
                    // Every connection but the last is cut by the "server" once played, unless marked "left open".
                    EndOfStreamAtEnd = i < parts.Length - 1 && !marker.Contains("left open", StringComparison.Ordinal),
                };
                Streams.Add(stream);
                _pending.Enqueue(stream);
            }
            Client = new XmppClient(new XmppClientOptions
            {
                Jid = ReplayHarness.Account,
                Password = "secret",
                IdGenerator = new SequentialStanzaIdGenerator(),
                ResponseTimeout = Timeout,
                Reconnect = new ReconnectPolicy { InitialDelay = reconnectDelay ?? TimeSpan.Zero, Jitter = 0, MaxAttempts = 3 },
                TimeProvider = time ?? TimeProvider.System,
                AckRequestEvery = ackEvery,
                AckRequestInterval = TimeSpan.FromHours(1),
                KeepaliveInterval = null,
            });
            Client.ConnectionStateChanged += (_, e) =>
            {
                States.Enqueue(e);
                if (e.State == ConnectionState.Reconnecting)
                    Reconnecting.TrySetResult(e);
                if (e.State == ConnectionState.Disconnected && !e.WillReconnect)
                    Stopped.TrySetResult(e);
            };
            Client.SessionStarted += (_, e) =>
            {
                Sessions.Enqueue(e);
                if (Sessions.Count == 2)
                    SecondSession.TrySetResult(e);
                if (Sessions.Count == 3)
                    ThirdSession.TrySetResult(e);
            };
            Client.MessageReceived += (_, m) => Messages.Enqueue(m.Id ?? "");
            Client.Disconnected += (_, e) => Disconnected.TrySetResult(e);
        }

        public XmppClient Client { get; }
        public List<ReplayStream> Streams { get; } = [];
        public ConcurrentQueue<ConnectionStateChangedEventArgs> States { get; } = new();
        public ConcurrentQueue<SessionStartedEventArgs> Sessions { get; } = new();
        public ConcurrentQueue<string> Messages { get; } = new();
        public TaskCompletionSource<SessionStartedEventArgs> SecondSession { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<SessionStartedEventArgs> ThirdSession { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<ConnectionStateChangedEventArgs> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<ConnectionStateChangedEventArgs> Reconnecting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<DisconnectedEventArgs> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ConnectAsync() => Client.ConnectAsync(ct =>
        {
            if (!_pending.TryDequeue(out var stream))
                throw new XmppConnectionException("The transcript has no further connection.");
            return Task.FromResult<(Stream, XmppEndpoint)>((stream, new XmppEndpoint("example.com", 5223, DirectTls: true)));
        }, ReplayHarness.FakeTls);

        /// <summary>Waits for the last connection's transcript to be played, then checks every connection.</summary>
        public async Task AssertCompleteAsync()
        {
            await Streams[^1].WaitForEndAsync(Timeout);
            foreach (var stream in Streams)
                stream.AssertComplete();
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var stream in Streams)
                await stream.DisposeAsync();
            await Client.DisposeAsync();
        }
    }

    /// <summary>The direct-TLS PLAIN login of <see cref="ReplayHarness.LoginPreamble"/> up to the
    /// post-authentication stream header; each transcript part goes on from the features.</summary>
    private static readonly string AuthPreamble = string.Join('\n',
        ReplayHarness.LoginPreamble.Split('\n').TakeWhile(line => !line.Contains("<stream:features><bind", StringComparison.Ordinal)));

    private static string ReadResource(string name)
    {
        using var stream = typeof(StreamManagementTests).Assembly.GetManifestResourceStream(name)
            ?? throw new FileNotFoundException(name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Message Chat(string id, string body) => new(Romeo, body) { Id = id };

    [Fact]
    public async Task Enables_counts_inbound_stanzas_answers_requests_and_requests_acks_every_n_stanzas()
    {
        await using var scenario = new Scenario("enable-and-ack", ackEvery: 3);
        await scenario.ConnectAsync();
        Assert.True(scenario.Client.IsStreamManagementEnabled);
        Assert.True(scenario.Client.IsResumable);

        for (var i = 1; i <= 3; i++)
            await scenario.Client.SendAsync(Chat($"m{i}", $"{i}"));
        await scenario.AssertCompleteAsync();

        var sm = scenario.Client.CurrentStreamManagement!;
        Assert.Equal(3u, sm.Sent);
        Assert.Equal(2u, sm.Acknowledged);
        Assert.Equal(1, sm.UnackedCount); // m3 is kept until acknowledged
        Assert.Equal(5u, sm.Inbound);
        Assert.Equal(ConnectionState.Connected, scenario.Client.State);
    }

    [Fact]
    public async Task A_polite_close_acknowledges_every_stanza_read_before_the_footer()
    {
        await using var scenario = new Scenario("close-acks-what-was-read", ackEvery: 100);
        var lastMessage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Client.MessageReceived += (_, m) =>
        {
            if (m.Id == "in2")
                lastMessage.TrySetResult();
        };
        await scenario.ConnectAsync();
        await lastMessage.Task.WaitAsync(Timeout);

        await scenario.Client.DisconnectAsync();
        await scenario.AssertCompleteAsync();
        Assert.Equal(["in1", "in2"], scenario.Messages);
    }

    [Fact]
    public async Task Resumption_resends_only_the_unacknowledged_stanzas_and_reports_a_resumed_session()
    {
        await using var scenario = new Scenario("resume", ackEvery: 100);
        await scenario.ConnectAsync();
        for (var i = 1; i <= 3; i++)
            await scenario.Client.SendAsync(Chat($"m{i}", $"{i}"));

        var resumed = await scenario.SecondSession.Task.WaitAsync(Timeout);
        await scenario.AssertCompleteAsync();

        Assert.True(resumed.IsResumed);
        Assert.Equal("juliet@example.com/balcony", resumed.BoundJid.ToString());
        Assert.Equal(
            [ConnectionState.Connected, ConnectionState.Disconnected, ConnectionState.Reconnecting, ConnectionState.Resumed],
            scenario.States.Select(s => s.State));
        Assert.True(scenario.States.Single(s => s.State == ConnectionState.Disconnected).WillReconnect);
        Assert.False(scenario.Disconnected.Task.IsCompleted);
        Assert.Equal(["in1", "in2"], scenario.Messages);
        // Resent m3 counts again from the server's h: sent 2 + 1.
        Assert.Equal(3u, scenario.Client.CurrentStreamManagement!.Sent);
    }

    [Fact]
    public async Task Failed_resumption_binds_again_and_resends_messages_with_their_original_ids_but_not_iqs()
    {
        await using var scenario = new Scenario("resume-failed", ackEvery: 100);
        await scenario.ConnectAsync();
        Assert.True(scenario.Client.SupportsClientStateIndication);
        await scenario.Client.SendAsync(new Presence());
        await scenario.Client.SendAsync(Chat("m1", "1"));
        await scenario.Client.SendAsync(new Iq(IqType.Get, new XElement(XName.Get("query", "jabber:iq:version")), Jid.Parse("example.com")) { Id = "q1" });
        await scenario.Client.SendAsync(Chat("m2", "2"));
        await scenario.Client.SetInactiveAsync();

        var second = await scenario.SecondSession.Task.WaitAsync(Timeout);
        await scenario.AssertCompleteAsync();

        Assert.False(second.IsResumed);
        Assert.Equal(ConnectionState.Reconnected, scenario.States.Last().State);
        Assert.Equal([false, false], scenario.Sessions.Select(s => s.IsResumed));
        var sm = scenario.Client.CurrentStreamManagement!;
        Assert.Equal("sm-2", sm.ResumptionId);
        Assert.Equal(2, sm.UnackedCount);
    }

    [Fact]
    public async Task A_resumed_stream_without_an_ack_within_the_keepalive_timeout_is_replaced_by_a_new_session_that_resends_the_unacked_message()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var scenario = new Scenario("resume-unproven-timeout", ackEvery: 100, time);
        await scenario.ConnectAsync();
        await scenario.Client.SendAsync(Chat("m1", "1"));
        await scenario.Client.SendAsync(Chat("m2", "2"));

        var resumed = await scenario.SecondSession.Task.WaitAsync(Timeout);
        Assert.True(resumed.IsResumed);
        await scenario.Streams[1].WaitForEndAsync(Timeout);
        // Nothing acknowledges the resumed stream. Fake time passes the keepalive timeout (30 s); the monitor may
        // not have armed its timer yet when time first moves, so it moves again until the new session starts.
        SessionStartedEventArgs? third = null;
        for (var i = 0; i < 20 && third is null; i++)
        {
            time.Advance(TimeSpan.FromSeconds(31));
            try
            {
                third = await scenario.ThirdSession.Task.WaitAsync(TimeSpan.FromMilliseconds(500));
            }
            catch (TimeoutException)
            {
            }
        }
        Assert.NotNull(third);
        await scenario.AssertCompleteAsync();

        Assert.False(third.IsResumed);
        var lost = scenario.States.Where(s => s.State == ConnectionState.Disconnected).ToList();
        Assert.Equal(2, lost.Count);
        Assert.Contains("acknowledge the resumed stream", lost[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Reconnected, scenario.Client.State);
        Assert.Equal(["in1"], scenario.Messages);
        var sm = scenario.Client.CurrentStreamManagement!;
        Assert.Equal("sm-2", sm.ResumptionId);
        Assert.Equal(1, sm.UnackedCount); // m2, sent again on the new session
    }

    [Fact]
    public async Task A_resumed_stream_that_dies_before_any_ack_is_not_resumed_again_but_replaced_by_a_new_session()
    {
        await using var scenario = new Scenario("resume-unproven-dropped", ackEvery: 100);
        await scenario.ConnectAsync();
        await scenario.Client.SendAsync(Chat("m1", "1"));
        await scenario.Client.SendAsync(Chat("m2", "2"));

        var third = await scenario.ThirdSession.Task.WaitAsync(Timeout);
        await scenario.AssertCompleteAsync();

        Assert.Equal([false, true, false], scenario.Sessions.Select(s => s.IsResumed));
        Assert.Equal("not-well-formed", Assert.IsType<XmppStreamErrorException>(
            scenario.States.Where(s => s.State == ConnectionState.Disconnected).Last().Error).Condition);
        Assert.False(third.IsResumed);
        Assert.Equal(1, scenario.Client.CurrentStreamManagement!.UnackedCount);
    }

    [Fact]
    public async Task A_resumed_without_h_ends_that_stream_with_undefined_condition_instead_of_resuming()
    {
        await using var scenario = new Scenario("resumed-without-h", ackEvery: 100);
        await scenario.ConnectAsync();
        await scenario.Client.SendAsync(Chat("m1", "1"));

        await scenario.Stopped.Task.WaitAsync(Timeout);
        await scenario.AssertCompleteAsync();

        var refused = scenario.States.Select(s => s.Error).OfType<XmppProtocolException>()
            .FirstOrDefault(e => e.Message.Contains("<resumed/> without", StringComparison.Ordinal));
        Assert.NotNull(refused);
        Assert.Equal("undefined-condition", refused.Condition);
        Assert.Single(scenario.Sessions); // never resumed
    }

    [Fact]
    public async Task An_ack_for_more_than_was_sent_ends_the_stream_with_handled_count_too_high_and_is_fatal()
    {
        await using var scenario = new Scenario("handled-count-too-high", ackEvery: 100);
        await scenario.ConnectAsync();
        await scenario.Client.SendAsync(Chat("m1", "1"));

        var stopped = await scenario.Stopped.Task.WaitAsync(Timeout);
        var disconnected = await scenario.Disconnected.Task.WaitAsync(Timeout);
        await scenario.AssertCompleteAsync();

        var error = Assert.IsType<HandledCountTooHighException>(stopped.Error);
        Assert.Equal(5u, error.Handled);
        Assert.Equal(1u, error.SendCount);
        Assert.Equal("undefined-condition", error.Condition);
        Assert.Same(error, disconnected.Error);
        Assert.False(disconnected.IsRequested);
        // Fatal: no reconnection was attempted, even with reconnection on.
        Assert.DoesNotContain(scenario.States, s => s.State == ConnectionState.Reconnecting);
        Assert.False(scenario.Client.IsConnected);
        await Assert.ThrowsAsync<XmppNotConnectedException>(() => scenario.Client.SendAsync(Chat("m2", "2")));
    }

    [Fact]
    public async Task Without_stream_management_a_lost_session_is_replaced_and_stanzas_sent_meanwhile_are_queued_and_sent()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var scenario = new Scenario("reconnect-without-sm", ackEvery: 100, time, reconnectDelay: TimeSpan.FromSeconds(30));
        await scenario.ConnectAsync();
        Assert.False(scenario.Client.IsStreamManagementEnabled);

        // The server hangs up; the client waits 30 s (fake time) before its first attempt.
        var reconnecting = await scenario.Reconnecting.Task.WaitAsync(Timeout);
        Assert.Equal(1, reconnecting.Attempt);
        Assert.Equal(TimeSpan.FromSeconds(30), reconnecting.RetryDelay);
        Assert.Equal(ConnectionState.Reconnecting, scenario.Client.State);
        await scenario.Client.SendAsync(Chat("queued", "sent while offline")); // queued, not thrown
        time.Advance(TimeSpan.FromSeconds(30));

        var second = await scenario.SecondSession.Task.WaitAsync(Timeout);
        await scenario.AssertCompleteAsync();
        Assert.False(second.IsResumed);
        Assert.Equal(ConnectionState.Reconnected, scenario.Client.State);
        Assert.False(scenario.Disconnected.Task.IsCompleted);
    }

    [Theory]
    [InlineData("conflict")]
    [InlineData("not-authorized")]
    [InlineData("policy-violation")]
    public async Task A_fatal_stream_error_stops_the_client_without_reconnecting(string condition)
    {
        await using var scenario = new Scenario("fatal-" + condition, ackEvery: 100);
        await scenario.ConnectAsync();

        var stopped = await scenario.Stopped.Task.WaitAsync(Timeout);
        var disconnected = await scenario.Disconnected.Task.WaitAsync(Timeout);

        Assert.Equal(condition, Assert.IsType<XmppStreamErrorException>(stopped.Error).Condition);
        Assert.False(stopped.WillReconnect);
        Assert.Same(stopped.Error, disconnected.Error);
        Assert.DoesNotContain(scenario.States, s => s.State == ConnectionState.Reconnecting);
        await Assert.ThrowsAsync<XmppNotConnectedException>(() => scenario.Client.SendAsync(Chat("m1", "1")));
    }

    [Fact]
    public void Counters_wrap_at_two_to_the_32()
    {
        var sm = new StreamManagementState("sm-1");
        sm.SetCountersForTests(inbound: uint.MaxValue, sent: uint.MaxValue - 1);
        sm.CountInbound();
        Assert.Equal(0u, sm.Inbound);
        for (var i = 0; i < 3; i++)
            sm.RecordSent([], isMessage: true); // sequences 2^32-1, 0, 1
        Assert.Equal(1u, sm.Sent);

        Assert.True(sm.TryAcknowledge(0));
        Assert.Equal(1, sm.UnackedCount);
        Assert.False(sm.TryAcknowledge(2)); // more than was sent, across the wrap
        Assert.Equal(1, sm.UnackedCount);
        Assert.True(sm.TryAcknowledge(1));
        Assert.Equal(0, sm.UnackedCount);
    }

    [Fact]
    public void Acknowledgements_drop_only_what_they_cover_and_failed_sessions_keep_only_messages()
    {
        var sm = new StreamManagementState("sm-1");
        sm.RecordSent([1], isMessage: false);
        sm.RecordSent([2], isMessage: true);
        sm.RecordSent([3], isMessage: false);
        sm.RecordSent([4], isMessage: true);
        Assert.True(sm.TryAcknowledge(1));
        Assert.True(sm.TryAcknowledge(1)); // a repeated ack changes nothing
        Assert.Equal(3, sm.UnackedCount);

        var messages = sm.TakeMessagesForNewSession();
        Assert.Equal([2, 4], messages.Select(m => (int)m.Bytes[0]));
        Assert.Null(sm.ResumptionId);
    }
}
