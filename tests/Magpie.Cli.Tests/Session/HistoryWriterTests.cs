using Magpie.Cli.Session;
using Microsoft.Data.Sqlite;

namespace Magpie.Cli.Tests.Session;

/// <summary>Group commit: the store's one writer takes queued messages and commits each burst in one transaction.</summary>
public sealed class HistoryWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDataHome _home = new();

    public void Dispose() => _home.Dispose();

    private static HistoryMessage In(string body, string from = "romeo@example.net/orchard", string? originId = null) => new()
    {
        Peer = from[..from.IndexOf('/', StringComparison.Ordinal)],
        Direction = MessageDirection.In,
        Sender = from,
        Recipient = "juliet@example.com/balcony",
        Body = body,
        OriginId = originId,
        Time = T0,
    };

    /// <summary>Holds the writer thread (in a commit callback) until disposed, so that what is queued meanwhile forms one burst.</summary>
    private sealed class Hold : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public Hold(HistoryStore store)
        {
            using var started = new ManualResetEventSlim();
            store.AfterQueued(() =>
            {
                started.Set();
                _release.Wait(Patience);
            });
            Assert.True(started.Wait(Patience), "the writer never ran the holding callback");
        }

        public void Dispose() => _release.Set();
    }

    private static long CountFromAnotherConnection(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM messages";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Messages_queued_meanwhile_are_committed_in_one_transaction()
    {
        using var store = _home.Open();
        Task<(HistoryMessage Message, bool Added)>[] writes;
        long before;
        using (new Hold(store))
        {
            before = store.Commits;
            writes = Enumerable.Range(0, 50).Select(i => store.Enqueue(In("message " + i))).ToArray();
        }
        await Task.WhenAll(writes).WaitAsync(Patience);
        Assert.Equal(before + 1, store.Commits);
        Assert.Equal(50, store.Count());
        Assert.All(writes, w => Assert.True(w.Result.Added));
    }

    [Fact]
    public async Task A_write_completes_only_once_its_row_is_committed()
    {
        using var store = _home.Open();
        var seen = new long[20];
        var failures = new List<Exception>();
        store.WriteFailed += (_, ex) => failures.Add(ex);
        var writes = Enumerable.Range(0, seen.Length)
            .Select(i => store.Enqueue(In("message " + i), _ => seen[i] = CountFromAnotherConnection(store.Path)))
            .ToArray();
        await Task.WhenAll(writes).WaitAsync(Patience);
        Assert.Empty(failures);
        // Another connection sees only committed rows: each callback found its own row (and every earlier one) there.
        for (var i = 0; i < seen.Length; i++)
            Assert.True(seen[i] >= i + 1, $"write {i} completed when only {seen[i]} rows were committed");
    }

    [Fact]
    public async Task Writes_complete_in_the_order_they_were_queued_and_rows_keep_it()
    {
        using var store = _home.Open();
        var order = new List<int>();
        var writes = new List<Task>();
        using (new Hold(store))
        {
            for (var i = 0; i < 100; i++)
            {
                var n = i;
                writes.Add(store.Enqueue(In("m" + n, n % 2 == 0 ? "romeo@example.net/orchard" : "nurse@example.net/kitchen"), _ => order.Add(n)));
            }
        }
        for (var i = 100; i < 200; i++)
        {
            var n = i;
            writes.Add(store.Enqueue(In("m" + n, n % 2 == 0 ? "romeo@example.net/orchard" : "nurse@example.net/kitchen"), _ => order.Add(n)));
        }
        await Task.WhenAll(writes).WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 200), order);
        var romeo = store.GetConversation(Magpie.Xmpp.Jid.Parse("romeo@example.net"), 500);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => "m" + (2 * i)), romeo.Select(m => m.Body));
    }

    [Fact]
    public void Dispose_writes_everything_queued()
    {
        Task<(HistoryMessage Message, bool Added)>[] writes;
        using (var store = _home.Open())
        {
            using (new Hold(store))
                writes = Enumerable.Range(0, 100).Select(i => store.Enqueue(In("message " + i))).ToArray();
        }
        Assert.All(writes, w => Assert.True(w.IsCompletedSuccessfully));
        using var reopened = _home.Open();
        Assert.Equal(100, reopened.Count());
    }

    [Fact]
    public void A_closed_store_refuses_new_writes()
    {
        var store = _home.Open();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = store.Enqueue(In("too late")); });
    }

    [Fact]
    public async Task BurstDone_comes_once_per_burst_after_every_callback_of_it()
    {
        using var store = _home.Open();
        var seen = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (new Hold(store))
        {
            // The holding callback's own burst ends with one too; the burst queued meanwhile is the one looked at.
            store.BurstDone += (_, _) =>
            {
                lock (seen)
                {
                    seen.Add("burst done");
                    if (seen.Contains("committed 2"))
                        done.TrySetResult();
                }
            };
            for (var i = 0; i < 3; i++)
            {
                var n = i;
                _ = store.Enqueue(In("message " + n), _ =>
                {
                    lock (seen)
                        seen.Add("committed " + n);
                });
            }
        }
        await done.Task.WaitAsync(Patience);
        lock (seen)
            Assert.Equal(["committed 0", "committed 1", "committed 2", "burst done"], seen.SkipWhile(s => s == "burst done"));
    }

    [Fact]
    public async Task A_failing_write_completes_with_its_error_and_the_rest_of_its_burst_commits()
    {
        using var store = _home.Open();
        Task<(HistoryMessage Message, bool Added)> first, bad, last;
        Exception? seenInCallback = null;
        long before;
        using (new Hold(store))
        {
            before = store.Commits;
            first = store.Enqueue(In("first"));
            // A NOT NULL column left empty: SQLite refuses the row.
            bad = store.Enqueue(In("bad") with { Peer = null! }, w => seenInCallback = w.Exception?.InnerException);
            last = store.Enqueue(In("last"));
        }
        await Assert.ThrowsAsync<SqliteException>(() => bad.WaitAsync(Patience));
        Assert.IsType<SqliteException>(seenInCallback);
        await Task.WhenAll(first, last).WaitAsync(Patience);
        Assert.Equal(before + 1, store.Commits);
        Assert.Equal(["first", "last"], store.GetConversation(Magpie.Xmpp.Jid.Parse("romeo@example.net")).Select(m => m.Body));
        // The writer carries on.
        Assert.True((await store.Enqueue(In("after")).WaitAsync(Patience)).Added);
        Assert.Equal(3, store.Count());
    }

    [Fact]
    public async Task A_full_queue_makes_the_caller_wait_and_loses_nothing()
    {
        using var store = HistoryStore.Open(_home.Directory, TempDataHome.Account, allowFullText: true, queueCapacity: 4);
        Task producer;
        var writes = new List<Task>();
        using (new Hold(store))
        {
            producer = Task.Run(() =>
            {
                for (var i = 0; i < 100; i++)
                    writes.Add(store.Enqueue(In("message " + i)));
            });
        }
        await producer.WaitAsync(Patience);
        await Task.WhenAll(writes).WaitAsync(Patience);
        Assert.Equal(100, store.Count());
    }

    [Fact]
    public async Task A_throwing_callback_is_reported_and_the_writer_carries_on()
    {
        using var store = _home.Open();
        var reported = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.WriteFailed += (_, ex) => reported.TrySetResult(ex);
        _ = store.Enqueue(In("one"), _ => throw new InvalidOperationException("callback broke"));
        Assert.Equal("callback broke", (await reported.Task.WaitAsync(Patience)).Message);
        Assert.True((await store.Enqueue(In("two")).WaitAsync(Patience)).Added);
        Assert.Equal(2, store.Count());
    }

    [Fact]
    public async Task A_synchronous_write_from_a_commit_callback_is_refused_rather_than_deadlocking()
    {
        using var store = _home.Open();
        var refused = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await store.Enqueue(In("one"), _ =>
        {
            try
            {
                store.Add(In("two"));
                refused.TrySetResult(null);
            }
            catch (InvalidOperationException ex)
            {
                refused.TrySetResult(ex);
            }
        }).WaitAsync(Patience);
        Assert.NotNull(await refused.Task.WaitAsync(Patience));
        Assert.Equal(1, store.Count());
    }
}
