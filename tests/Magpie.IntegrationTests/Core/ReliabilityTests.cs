using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Magpie.Testing.Faults;
using Magpie.Testing.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;
using Microsoft.Extensions.Logging;

namespace Magpie.IntegrationTests.Core;

/// <summary>XEP-0198 and reconnection against the real Prosody (mod_smacks), through a <see cref="FaultProxy"/>
/// that cuts or stalls the connections.</summary>
[Collection("prosody")]
public sealed class ReliabilityTests(ProsodyFixture fixture)
{
    private const int MessageCount = 1000;

    private sealed record Account(Jid Jid, string Password);

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
            Jid = account.Jid,
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

    /// <summary>Lets senders through while open.</summary>
    private sealed class Gate
    {
        private volatile TaskCompletionSource _open = Opened();

        public Task WaitAsync() => _open.Task;

        public void Close()
        {
            if (_open.Task.IsCompleted)
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Open() => _open.TrySetResult();

        private static TaskCompletionSource Opened()
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            tcs.SetResult();
            return tcs;
        }
    }

    [Fact]
    public async Task A_thousand_messages_each_way_arrive_exactly_once_and_in_order_across_random_cuts()
    {
        var server = fixture.Server;
        await using var proxy = FaultProxy.Start(server.Host, server.C2sPort);
        var alice = await NewAccountAsync(server, "sm-a");
        var bob = await NewAccountAsync(server, "sm-b");
        var carol = await NewAccountAsync(server, "sm-c");
        await using var a = NewClient(server, proxy, alice);
        await using var b = NewClient(server, proxy, bob);
        // Carol talks to Prosody directly and keeps sending through the cuts: her messages are what is in
        // flight from the server to the cut clients, to be resent after resumption according to their 'h'.
        await using var c = NewClient(server, direct: server, carol);
        var states = new ConcurrentQueue<(string Who, ConnectionState State)>();
        var backA = new Counter();
        var backB = new Counter();
        a.ConnectionStateChanged += (_, e) => { states.Enqueue(("a", e.State)); if (e.State is ConnectionState.Resumed or ConnectionState.Reconnected) backA.Increment(); };
        b.ConnectionStateChanged += (_, e) => { states.Enqueue(("b", e.State)); if (e.State is ConnectionState.Resumed or ConnectionState.Reconnected) backB.Increment(); };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        await a.ConnectAsync(deadline.Token);
        await b.ConnectAsync(deadline.Token);
        await c.ConnectAsync(deadline.Token);
        Assert.True(a.IsResumable && b.IsResumable);

        // Five cuts at random points of the exchange (fixed seed), alternately reset and graceful close. At each,
        // the senders pause until what they sent was delivered, so no half stanza from a client sits in the
        // server's parser: Prosody 0.12.3 feeds a resumed connection's bytes to the old connection's XML parser
        // (mod_c2s keeps it in session.data), and half a stanza left there fails the resumed stream with
        // not-well-formed. Carol's messages, acknowledgements and ack requests are still in flight at each cut
        // (Prosody resends 30-200 queued stanzas per resumption in a typical run).
        var random = new Random(198);
        var cutPoints = Enumerable.Range(0, 5).Select(_ => random.Next(100, 2 * MessageCount - 100)).ToHashSet();
        var atA = new Inbox();
        var atB = new Inbox();
        var total = 0;
        var cuts = 0;
        var sending = new Gate();
        var sentByA = 0;
        var sentByB = 0;
        var cutter = Task.CompletedTask;
        var oneCutAtATime = new SemaphoreSlim(1, 1);
        var done = 0;
        void OnEach()
        {
            if (!cutPoints.Contains(Interlocked.Increment(ref total)))
                return;
            var kind = Interlocked.Increment(ref cuts) % 2 == 0 ? CutKind.Close : CutKind.Reset;
            cutter = Task.Run(async () =>
            {
                // One cut at a time, each after both clients are back from the previous one.
                await oneCutAtATime.WaitAsync();
                sending.Close();
                // A sender past the gate may still claim one more message: wait until the counts stay put.
                while (true)
                {
                    int fromA = Volatile.Read(ref sentByA), fromB = Volatile.Read(ref sentByB);
                    await Task.WhenAll(atA.WaitForAsync(fromB), atB.WaitForAsync(fromA)).WaitAsync(TimeSpan.FromSeconds(20));
                    if (fromA == Volatile.Read(ref sentByA) && fromB == Volatile.Read(ref sentByB))
                        break;
                }
                Assert.Equal(2, proxy.CutAll(kind));
                var n = ++done;
                await Task.WhenAll(backA.WaitForAsync(n), backB.WaitForAsync(n)).WaitAsync(TimeSpan.FromSeconds(20));
                sending.Open();
                oneCutAtATime.Release();
            });
        }
        a.MessageReceived += (_, m) => { if (m.From?.BareEquals(bob.Jid) == true) atA.Add(m, OnEach); };
        b.MessageReceived += (_, m) => { if (m.From?.BareEquals(alice.Jid) == true) atB.Add(m, OnEach); };
        var carolAtA = new Inbox();
        var carolAtB = new Inbox();
        a.MessageReceived += (_, m) => { if (m.From?.BareEquals(carol.Jid) == true) carolAtA.Add(m, () => { }); };
        b.MessageReceived += (_, m) => { if (m.From?.BareEquals(carol.Jid) == true) carolAtB.Add(m, () => { }); };

        // Full JIDs: a resumed session keeps its resource, so nothing depends on presence or offline storage.
        var toB = b.BoundJid!;
        var toA = a.BoundJid!;
        var watch = Stopwatch.StartNew();
        try
        {
            await Task.WhenAll(
                SendAllAsync(a, toB, "a", atB, sending, n => Volatile.Write(ref sentByA, n)),
                SendAllAsync(b, toA, "b", atA, sending, n => Volatile.Write(ref sentByB, n)),
                SendAllAsync(c, toA, "ca", carolAtA, new Gate(), _ => { }),
                SendAllAsync(c, toB, "cb", carolAtB, new Gate(), _ => { })).WaitAsync(deadline.Token);
            await Task.WhenAll(atA.Finished.Task, atB.Finished.Task, carolAtA.Finished.Task, carolAtB.Finished.Task).WaitAsync(deadline.Token);
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("MAGPIE_TEST_TRACE") is { } dir)
                await File.WriteAllTextAsync(Path.Combine(dir, "prosody.log"), await server.ReadLogAsync());
        }

        await Task.WhenAll(backA.WaitForAsync(5), backB.WaitForAsync(5)).WaitAsync(deadline.Token);
        Assert.Empty(atA.Errors);
        Assert.Empty(atB.Errors);
        var expected = Enumerable.Range(1, MessageCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expected, atB.Bodies);
        Assert.Equal(expected, atA.Bodies);
        Assert.Equal(expected, carolAtA.Bodies);
        Assert.Equal(expected, carolAtB.Bodies);
        Assert.Empty(carolAtA.Errors);
        Assert.Empty(carolAtB.Errors);
        Assert.Equal(5, Volatile.Read(ref cuts));
        // Every cut was repaired by resumption: the same sessions, never a new bind.
        Assert.Equal(10, states.Count(s => s.State == ConnectionState.Resumed));
        Assert.DoesNotContain(states, s => s.State == ConnectionState.Reconnected);
        Assert.Equal(toB, b.BoundJid);
        Assert.Equal(toA, a.BoundJid);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(45), $"took {watch.Elapsed}");
        await a.DisconnectAsync();
        await b.DisconnectAsync();
        await c.DisconnectAsync();
    }

    /// <summary>Sends 1..N then "fin". A window of 200 unanswered messages keeps the server's queue for a
    /// disconnected peer under mod_smacks' 500-stanza limit (past which it refuses resumption).</summary>
    private static async Task SendAllAsync(XmppClient client, Jid to, string prefix, Inbox peer, Gate sending, Action<int> claimed)
    {
        for (var i = 1; i <= MessageCount; i++)
        {
            await sending.WaitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            claimed(i);
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
