using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Magpie.Testing.Faults;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Magpie.IntegrationTests.Core;

/// <summary>XEP-0198 and reconnection against the real Prosody (mod_smacks), through a <see cref="FaultProxy"/>
/// that cuts or stalls the connections.</summary>
[Collection("prosody")]
public sealed class ReliabilityTests(ProsodyFixture fixture, ITestOutputHelper output)
{
    private const int MessageCount = 1000;

    private sealed record Account(Jid Jid, string Password)
    {
        /// <summary>Binds this resource instead of one the server picks.</summary>
        public string? Resource { get; init; }
    }

    private static async Task<Account> NewAccountAsync(ProsodyServer server, string prefix)
    {
        var user = ProsodyServer.NewUserName(prefix);
        var password = "pw-" + Guid.NewGuid().ToString("N")[..12];
        await server.CreateUserAsync(user, password);
        return new Account(Jid.Parse($"{user}@{server.Domain}"), password);
    }

    private static XmppClient NewClient(ProsodyServer server, FaultProxy proxy, Account account, TimeSpan? keepalive = null, TimeSpan? keepaliveTimeout = null) =>
        NewClient(server, proxy.Host, proxy.Port, account, keepalive, keepaliveTimeout);

    private static XmppClient NewClient(ProsodyServer server, ProsodyServer direct, Account account) =>
        NewClient(server, direct.Host, direct.C2sPort, account, null, null);

    private static XmppClient NewClient(ProsodyServer server, string host, int port, Account account, TimeSpan? keepalive, TimeSpan? keepaliveTimeout)
    {
        var tls = new Magpie.Xmpp.Transport.TlsPolicy();
        tls.TrustedCertificates.Add(server.CaCertificate);
        return new XmppClient(new XmppClientOptions
        {
            Jid = account.Jid.WithResource(account.Resource),
            Password = account.Password,
            Host = host,
            Port = port,
            Tls = tls,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ResponseTimeout = TimeSpan.FromSeconds(10),
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(500), MaxQueuedStanzas = 5000 },
            KeepaliveInterval = keepalive ?? TimeSpan.FromSeconds(5),
            KeepaliveTimeout = keepaliveTimeout ?? TimeSpan.FromSeconds(5),
            ProtocolTrace = Environment.GetEnvironmentVariable("MAGPIE_TEST_TRACE") is { } dir
                ? new Magpie.Xmpp.Diagnostics.ProtocolTraceWriter(new StreamWriter(Path.Combine(dir, account.Jid.Local + ".log")) { AutoFlush = true }, ownsWriter: true) : null,
            LoggerFactory = Environment.GetEnvironmentVariable("MAGPIE_TEST_TRACE") is not null
                ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug)) : null,
        });
    }

    /// <summary>Counts what one side received, in order, and lets a sender wait for progress.</summary>
    private sealed class Inbox
    {
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

        public ConcurrentQueue<string> Bodies { get; } = new();
        public ConcurrentQueue<string> Errors { get; } = new();
        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Count { get { lock (_gate) return Bodies.Count; } }

        public void Add(Message message, Action onEach)
        {
            if (message.IsError)
            {
                Errors.Enqueue(message.Element.ToString());
                Finished.TrySetException(new InvalidOperationException("A message bounced: " + message.Element));
                return;
            }
            if (message.Body is not { } body)
                return;
            if (body == "fin")
            {
                Finished.TrySetResult();
                return;
            }
            lock (_gate)
            {
                Bodies.Enqueue(body);
                foreach (var waiter in _waiters.Where(w => Bodies.Count >= w.Count).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
            onEach();
        }

        public Task WaitForAsync(int count)
        {
            lock (_gate)
            {
                if (Bodies.Count >= count)
                    return Task.CompletedTask;
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, reached));
                return reached.Task;
            }
        }
    }

    /// <summary>A count that can be awaited.</summary>
    private sealed class Counter
    {
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
        private int _count;

        public int Count { get { lock (_gate) return _count; } }

        public void Increment()
        {
            lock (_gate)
            {
                _count++;
                foreach (var waiter in _waiters.Where(w => _count >= w.Count).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        public Task WaitForAsync(int count)
        {
            lock (_gate)
            {
                if (_count >= count)
                    return Task.CompletedTask;
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, reached));
                return reached.Task;
            }
        }
    }

    /// <summary>A client that delivers its messages through <see cref="ArchiveCatchUp"/>: once each and in order
    /// whether a lost session was resumed or replaced by a new one.</summary>
    private static (XmppClient Client, ArchiveCatchUp CatchUp) NewReliableClient(ProsodyServer server, FaultProxy proxy, Account account)
    {
        var client = NewClient(server, proxy, account, keepalive: TimeSpan.FromSeconds(5), keepaliveTimeout: TimeSpan.FromSeconds(2));
        client.Use(new StanzaIdsExtension());
        var mam = client.Use(new MamExtension());
        return (client, new ArchiveCatchUp(client, mam));
    }

    [Fact]
    public async Task A_thousand_messages_each_way_arrive_exactly_once_and_in_order_across_random_cuts_whether_resumed_or_rebuilt()
    {
        var server = fixture.Server;
        await using var proxy = FaultProxy.Start(server.Host, server.C2sPort);
        // Fixed resources: a session bound anew keeps its full JID, so the peers' addresses stay valid (and
        // Prosody replaces a hibernating session of that resource instead of keeping two).
        var alice = await NewAccountAsync(server, "sm-a") with { Resource = "fault" };
        var bob = await NewAccountAsync(server, "sm-b") with { Resource = "fault" };
        var carol = await NewAccountAsync(server, "sm-c");
        var (a, catchUpA) = NewReliableClient(server, proxy, alice);
        var (b, catchUpB) = NewReliableClient(server, proxy, bob);
        await using var _a = a;
        await using var _b = b;
        using var _ca = catchUpA;
        using var _cb = catchUpB;
        // Carol talks to Prosody directly and keeps sending through the cuts: her messages are what is in
        // flight from the server to the cut clients.
        await using var c = NewClient(server, direct: server, carol);
        c.Use(new StanzaIdsExtension());
        var states = new ConcurrentQueue<(string Who, ConnectionState State)>();
        var backA = new Counter();
        var backB = new Counter();
        int needA = 0, needB = 0;
        a.ConnectionStateChanged += (_, e) => { if (e.State is ConnectionState.Resumed or ConnectionState.Reconnected) backA.Increment(); };
        b.ConnectionStateChanged += (_, e) => { if (e.State is ConnectionState.Resumed or ConnectionState.Reconnected) backB.Increment(); };
        a.ConnectionStateChanged += (_, e) => states.Enqueue(("a", e.State));
        b.ConnectionStateChanged += (_, e) => states.Enqueue(("b", e.State));

        var atA = new Inbox();
        var atB = new Inbox();
        var carolAtA = new Inbox();
        var carolAtB = new Inbox();
        var received = new Counter();
        catchUpA.MessageReceived += (_, m) =>
        {
            if (m.Message.From?.BareEquals(bob.Jid) == true)
                atA.Add(m.Message, received.Increment);
            else if (m.Message.From?.BareEquals(carol.Jid) == true)
                carolAtA.Add(m.Message, () => { });
        };
        catchUpB.MessageReceived += (_, m) =>
        {
            if (m.Message.From?.BareEquals(alice.Jid) == true)
                atB.Add(m.Message, received.Increment);
            else if (m.Message.From?.BareEquals(carol.Jid) == true)
                carolAtB.Add(m.Message, () => { });
        };

        // A bound against a hang, not a speed goal (speed lives in bench/): generous for a loaded machine.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        await a.ConnectAsync(deadline.Token);
        await b.ConnectAsync(deadline.Token);
        await c.ConnectAsync(deadline.Token);
        await Task.WhenAll(catchUpA.Current, catchUpB.Current).WaitAsync(deadline.Token);
        Assert.True(a.IsResumable && b.IsResumable);

        // Eight cuts (fixed seed) at random points of the exchange, each a random few milliseconds after the
        // point is reached, so it lands wherever the senders are: often in the middle of a stanza. Nothing
        // pauses the senders. A cut may be repaired by resumption or, when Prosody cannot resume (or resumes
        // into a parser holding half a stanza of the cut connection), by a new session and an archive catch-up.
        var random = new Random(198);
        var cutPoints = Enumerable.Range(0, 8).Select(_ => random.Next(100, 2 * MessageCount - 100)).Order().ToList();
        var cuts = new List<(int At, CutKind Kind, int Links)>();
        var cutter = Task.Run(async () =>
        {
            foreach (var point in cutPoints)
            {
                await received.WaitForAsync(point).WaitAsync(deadline.Token);
                // A cut only counts when it finds both clients back from the previous one (a state read right
                // after a cut may still be the old one, so count the recoveries instead).
                await Task.WhenAll(backA.WaitForAsync(needA), backB.WaitForAsync(needB)).WaitAsync(deadline.Token);
                await Task.Delay(random.Next(0, 30), deadline.Token);
                var kind = random.Next(2) == 0 ? CutKind.Reset : CutKind.Close;
                (needA, needB) = (backA.Count + 1, backB.Count + 1);
                var links = proxy.CutAll(kind);
                // Both were back, yet nothing to cut: one lost its connection again in between (Prosody 0.12 can
                // swallow a resumed stream; the client then rebuilds, see the resume-unproven transcripts). Cut
                // once it is back, so that every cut cuts something; the bound covers a recovery seen already.
                for (var retry = 0; links == 0 && retry < 5; retry++)
                {
                    var (seenA, seenB) = (backA.Count, backB.Count);
                    await Task.WhenAny(backA.WaitForAsync(seenA + 1), backB.WaitForAsync(seenB + 1), Task.Delay(TimeSpan.FromSeconds(3), deadline.Token))
                        .WaitAsync(deadline.Token);
                    (needA, needB) = (backA.Count + 1, backB.Count + 1);
                    links = proxy.CutAll(kind);
                }
                cuts.Add((point, kind, links));
            }
        });

        // Full JIDs: the sessions send no presence, so a bare JID would go to the archive (offline) only.
        var toB = b.BoundJid!;
        var toA = a.BoundJid!;
        Assert.Equal("fault", toB.Resource);
        var watch = Stopwatch.StartNew();
        try
        {
            await Task.WhenAll(
                SendAllAsync(a, toB, "a", atB),
                SendAllAsync(b, toA, "b", atA),
                SendAllAsync(c, toA, "ca", carolAtA),
                SendAllAsync(c, toB, "cb", carolAtB)).WaitAsync(deadline.Token);
            await Task.WhenAll(atA.Finished.Task, atB.Finished.Task, carolAtA.Finished.Task, carolAtB.Finished.Task).WaitAsync(deadline.Token);
            await cutter.WaitAsync(deadline.Token);
        }
        finally
        {
            output.WriteLine($"cuts (at received count, kind, links): {string.Join(", ", cuts)}");
            output.WriteLine($"a: {Summary("a")}; b: {Summary("b")}; took {watch.Elapsed}");
            output.WriteLine($"received: a {atA.Count} from bob, {carolAtA.Count} from carol; b {atB.Count} from alice, {carolAtB.Count} from carol");
            if (Environment.GetEnvironmentVariable("MAGPIE_TEST_TRACE") is { } dir)
                await File.WriteAllTextAsync(Path.Combine(dir, "prosody.log"), await server.ReadLogAsync());
        }

        Assert.Empty(atA.Errors);
        Assert.Empty(atB.Errors);
        Assert.Empty(carolAtA.Errors);
        Assert.Empty(carolAtB.Errors);
        var expected = Enumerable.Range(1, MessageCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var (name, inbox) in new[] { ("alice at b", atB), ("bob at a", atA), ("carol at a", carolAtA), ("carol at b", carolAtB) })
        {
            var got = inbox.Bodies.ToList();
            var first = Enumerable.Range(0, Math.Min(got.Count, expected.Count)).FirstOrDefault(i => got[i] != expected[i], -1);
            if (first >= 0 || got.Count != expected.Count)
                output.WriteLine($"{name}: {got.Count} bodies, first difference at {first}: {string.Join(",", got.Skip(Math.Max(0, first - 3)).Take(8))}");
        }
        Assert.Equal(expected, atB.Bodies);
        Assert.Equal(expected, atA.Bodies);
        Assert.Equal(expected, carolAtA.Bodies);
        Assert.Equal(expected, carolAtB.Bodies);
        Assert.Equal(8, cuts.Count);
        // Every connection lost was repaired, one way or the other, and every cut cut something.
        foreach (var who in new[] { "a", "b" })
        {
            var lost = states.Count(s => s.Who == who && s.State == ConnectionState.Disconnected);
            Assert.Equal(lost, states.Count(s => s.Who == who && s.State is ConnectionState.Resumed or ConnectionState.Reconnected));
        }
        Assert.All(cuts, cut => Assert.True(cut.Links > 0, $"the cut at {cut.At} found no connection"));
        Assert.True(a.IsConnected && b.IsConnected);
        await a.DisconnectAsync();
        await b.DisconnectAsync();
        await c.DisconnectAsync();

        string Summary(string who) =>
            $"{states.Count(s => s.Who == who && s.State == ConnectionState.Resumed)} resumed, "
            + $"{states.Count(s => s.Who == who && s.State == ConnectionState.Reconnected)} rebuilt";
    }

    /// <summary>Sends 1..N then "fin". A window of 200 unanswered messages keeps the server's queue for a
    /// disconnected peer under mod_smacks' 500-stanza limit (past which it refuses resumption).</summary>
    private static async Task SendAllAsync(XmppClient client, Jid to, string prefix, Inbox peer)
    {
        for (var i = 1; i <= MessageCount; i++)
        {
            if (i > 200)
                await peer.WaitForAsync(i - 200).WaitAsync(TimeSpan.FromSeconds(30));
            await client.SendAsync(new Message(to, i.ToString(CultureInfo.InvariantCulture)) { Id = $"{prefix}-{i}" });
        }
        await client.SendAsync(new Message(to, "fin") { Id = $"{prefix}-fin" });
    }

    [Fact]
    public async Task A_silently_stalled_link_is_noticed_within_the_keepalive_timeout_and_the_session_resumed()
    {
        var server = fixture.Server;
        await using var proxy = FaultProxy.Start(server.Host, server.C2sPort);
        var account = await NewAccountAsync(server, "stall");
        var interval = TimeSpan.FromSeconds(1);
        var timeout = TimeSpan.FromSeconds(1);
        await using var client = NewClient(server, proxy, account, interval, timeout);
        var lost = new TaskCompletionSource<ConnectionStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var back = new TaskCompletionSource<ConnectionStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionStateChanged += (_, e) =>
        {
            if (e.State == ConnectionState.Disconnected)
                lost.TrySetResult(e);
            if (e.State is ConnectionState.Resumed or ConnectionState.Reconnected)
                back.TrySetResult(e);
        };
        var echo = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MessageReceived += (_, m) => { if (m.Body == "after the stall") echo.TrySetResult(m); };
        await client.ConnectAsync();
        Assert.True(client.IsResumable);

        var watch = Stopwatch.StartNew();
        Assert.Equal(1, proxy.StallAll(TimeSpan.FromSeconds(20)));
        var disconnected = await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var noticedAfter = watch.Elapsed;

        Assert.True(disconnected.WillReconnect);
        Assert.IsType<XmppConnectionException>(disconnected.Error);
        Assert.Contains("keepalive", disconnected.Error!.Message, StringComparison.Ordinal);
        // Silent for at most the interval, then unanswered for the timeout (plus the monitor's tick and slack).
        Assert.True(noticedAfter <= interval + timeout + TimeSpan.FromSeconds(1), $"noticed after {noticedAfter}");

        var reconnected = await back.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionState.Resumed, reconnected.State);
        Assert.Equal(2, proxy.AcceptedCount);
        // The new link works: a message to ourselves comes back.
        await client.SendAsync(new Message(client.BoundJid!, "after the stall"));
        await echo.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.DisconnectAsync();
    }
}
