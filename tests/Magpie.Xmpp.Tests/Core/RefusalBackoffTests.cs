using System.Collections.Concurrent;
using System.Threading.Channels;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Magpie.Xmpp.Tests.Core;

/// <summary>A server that breaks every session the same way right after a successful login: reconnection backs off
/// further each time (a login that succeeds does not start it over) and stops after a bounded number of identical
/// refusals, with a clear reason. Fake time only.</summary>
public sealed class RefusalBackoffTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Logs in, then turns hostile with the given server input; every connection plays it again.</summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private readonly ConcurrentBag<ReplayStream> _streams = [];

        public Scenario(string hostile, ReconnectPolicy policy)
        {
            Client = new XmppClient(new XmppClientOptions
            {
                Jid = ReplayHarness.Account,
                Password = "secret",
                IdGenerator = new Magpie.Xmpp.Diagnostics.SequentialStanzaIdGenerator(),
                ResponseTimeout = Timeout,
                Reconnect = policy,
                TimeProvider = Time,
                KeepaliveInterval = null,
            });
            Client.ConnectionStateChanged += (_, e) => Events.Writer.TryWrite(e);
            Client.SessionStarted += (_, _) => Interlocked.Increment(ref _sessions);
            Client.Disconnected += (_, e) => Disconnected.TrySetResult(e);
            Hostile = hostile;
        }

        private int _sessions;

        public string Hostile { get; }
        public FakeTimeProvider Time { get; } = new();
        public XmppClient Client { get; }
        public Channel<ConnectionStateChangedEventArgs> Events { get; } = Channel.CreateUnbounded<ConnectionStateChangedEventArgs>();
        public TaskCompletionSource<DisconnectedEventArgs> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Sessions => Volatile.Read(ref _sessions);
        public IReadOnlyCollection<ReplayStream> Streams => _streams;

        public Task ConnectAsync() => Client.ConnectAsync(_ =>
        {
            var stream = new ReplayStream(Transcript.Parse(ReplayHarness.LoginPreamble + "\n" + Hostile, "hostile")) { AllowTrailingClientOutput = true };
            _streams.Add(stream);
            return Task.FromResult<(Stream, XmppEndpoint)>((stream, new XmppEndpoint("example.com", 5223, DirectTls: true)));
        }, ReplayHarness.FakeTls);

        /// <summary>Follows the client until it stops: each announced delay is let pass on the fake clock.
        /// Returns the delays of the attempts, in order.</summary>
        public async Task<List<TimeSpan>> RunUntilStoppedAsync()
        {
            var delays = new List<TimeSpan>();
            while (true)
            {
                var e = await Events.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
                if (e.State == ConnectionState.Disconnected && !e.WillReconnect)
                    return delays;
                if (e.State != ConnectionState.Reconnecting)
                    continue;
                delays.Add(e.RetryDelay!.Value);
                Assert.True(delays.Count < 20, "the client kept reconnecting");
                // The client arms the delay before it announces it: one move of the clock starts the attempt.
                Time.Advance(e.RetryDelay.Value);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var stream in _streams)
                await stream.DisposeAsync();
            await Client.DisposeAsync();
        }
    }

    private static ReconnectPolicy Policy(int? maxIdentical = 4) => new()
    {
        InitialDelay = TimeSpan.FromSeconds(1),
        Multiplier = 2,
        Jitter = 0,
        MaxIdenticalFailures = maxIdentical,
    };

    [Theory]
    [InlineData("S: <!-- the server has something to say -->", "restricted-xml")]
    [InlineData("S: <message from='romeo@example.net/orchard'><body>" + "&#0;</body></message>", "not-well-formed")]
    public async Task Identical_refusals_after_successful_logins_back_off_and_stop_after_the_limit(string hostile, string condition)
    {
        await using var scenario = new Scenario(hostile, Policy(maxIdentical: 4));
        await scenario.ConnectAsync();

        var delays = await scenario.RunUntilStoppedAsync();
        var stopped = await scenario.Disconnected.Task.WaitAsync(Timeout);

        // Every login succeeded, yet the delay doubled each time instead of starting again at 1 s.
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], delays);
        Assert.Equal(4, scenario.Sessions);
        var reason = Assert.IsType<XmppConnectionException>(stopped.Error);
        Assert.Contains("Gave up reconnecting", reason.Message, StringComparison.Ordinal);
        Assert.Contains("4 times in a row", reason.Message, StringComparison.Ordinal);
        Assert.Equal(condition, Assert.IsType<XmppRestrictedXmlException>(reason.InnerException).Condition);
        Assert.False(stopped.IsRequested);
        Assert.Equal(ConnectionState.Disconnected, scenario.Client.State);
        // Each session was ended with the stream error, not just dropped.
        Assert.All(scenario.Streams, s => Assert.EndsWith(
            $"<stream:error><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>", s.AllWritten, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refusals_during_each_login_back_off_and_stop_after_the_limit()
    {
        // The hostile input comes before the login completes: no session is ever established.
        await using var scenario = new Scenario("", Policy(maxIdentical: 3));
        var attempts = 0;
        var first = true;
        var connect = scenario.Client.ConnectAsync(_ =>
        {
            var script = first
                ? ReplayHarness.LoginPreamble + "\nS: <!-- once logged in -->"
                : string.Join('\n', ReplayHarness.LoginPreamble.Split('\n').Take(2)) + "\nS: <!-- during login -->";
            first = false;
            Interlocked.Increment(ref attempts);
            var stream = new ReplayStream(Transcript.Parse(script, "hostile")) { AllowTrailingClientOutput = true };
            return Task.FromResult<(Stream, XmppEndpoint)>((stream, new XmppEndpoint("example.com", 5223, DirectTls: true)));
        }, ReplayHarness.FakeTls);
        await connect;

        var delays = await scenario.RunUntilStoppedAsync();
        var stopped = await scenario.Disconnected.Task.WaitAsync(Timeout);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], delays);
        Assert.Equal(3, attempts);
        var reason = Assert.IsType<XmppConnectionException>(stopped.Error);
        Assert.Contains("3 times in a row", reason.Message, StringComparison.Ordinal);
        Assert.Equal("restricted-xml", Assert.IsType<XmppRestrictedXmlException>(reason.InnerException).Condition);
    }
}
