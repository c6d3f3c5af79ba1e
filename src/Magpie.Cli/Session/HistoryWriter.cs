using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Magpie.Cli.Session;

/// <summary>
/// The one writer of a history database: writes taken from a bounded queue, each burst (everything queued
/// while the previous one was committed) in one transaction, so one fsync covers many messages.
/// </summary>
/// <remarks>
/// <para>A write's task, and its callback, complete only after the transaction holding it is committed (or
/// with its error): receipts and other "stored" signals go out from there, never before. Writes run and
/// complete in the order they were queued. Each write runs inside a savepoint: one that fails is rolled back
/// alone and completes with its error; the others in the burst still commit. A failing commit fails the burst.</para>
/// <para>The queue is bounded: when it is full, <see cref="Enqueue{T}"/> waits for room (backpressure on the
/// caller, the connection's read thread included), and never drops. <see cref="Dispose"/> writes everything
/// queued before returning.</para>
/// </remarks>
internal sealed class HistoryWriter : IDisposable
{
    /// <summary>How many writes one transaction takes at most, so a long queue still commits (and acknowledges) steadily.</summary>
    private const int MaxBurst = 1024;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate;
    private readonly Channel<Item> _queue;
    private readonly Thread _thread;
    private long _commits;
    private SqliteStatement? _save;
    private SqliteStatement? _release;
    private SqliteStatement? _rollback;

    /// <summary>Starts the writer of <paramref name="connection"/>; <paramref name="gate"/> is the lock every user of the connection takes.</summary>
    public HistoryWriter(SqliteConnection connection, Lock gate, int capacity = 4096)
    {
        _connection = connection;
        _gate = gate;
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _thread = new Thread(Run) { IsBackground = true, Name = "magpie history writer" };
        _thread.Start();
    }

    /// <summary>Raised (on the writer thread) when a commit callback throws; the writer carries on. (A write's
    /// own failure is carried by its task and callback.)</summary>
    public event EventHandler<Exception>? Failed;

    /// <summary>Raised on the writer thread after the callbacks of each burst ran: the moment to write out what
    /// those callbacks buffered (one write for many lines).</summary>
    public event EventHandler? BurstDone;

    /// <summary>How many transactions the writer has committed (the test hook for group commit).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Whether the calling thread is the writer's (where a synchronous write would wait for itself).</summary>
    public bool IsWriterThread => Thread.CurrentThread == _thread;

    /// <summary>Queues <paramref name="work"/>, waiting for room when the queue is full.</summary>
    /// <param name="work">Runs on the writer thread inside the burst's transaction.</param>
    /// <param name="committed">Runs on the writer thread, in queue order, once the write is committed or failed;
    /// keep it short and never write to the store synchronously from it.</param>
    /// <returns>The result of <paramref name="work"/>, once committed.</returns>
    /// <exception cref="ObjectDisposedException">The writer is closed.</exception>
    public Task<T> Enqueue<T>(Func<SqliteTransaction, T> work, Action<Task<T>>? committed = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new Item<T>(work, committed);
        if (!_queue.Writer.TryWrite(item))
        {
            if (IsWriterThread)
                throw new InvalidOperationException("The history queue is full; a commit callback cannot wait for room.");
            try
            {
                // Backpressure: the caller waits for room rather than losing the write.
                _queue.Writer.WriteAsync(item).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                throw new ObjectDisposedException(nameof(HistoryStore));
            }
        }
        return item.Task;
    }

    /// <summary>Writes everything queued, then stops the writer.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!IsWriterThread)
            _thread.Join();
    }

    private void Run()
    {
        var burst = new List<Item>();
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (burst.Count < MaxBurst && _queue.Reader.TryRead(out var item))
                burst.Add(item);
            WriteBurst(burst);
            foreach (var item in burst)
            {
                try
                {
                    item.Complete();
                }
                catch (Exception ex)
                {
                    Report(ex);
                }
            }
            burst.Clear();
            // Whoever batched output per burst (listen's lines) writes it out now.
            AfterBurst();
        }
        CloseStatements();
    }

    private void AfterBurst()
    {
        try
        {
            BurstDone?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex)
        {
            Report(ex);
        }
    }

    private void WriteBurst(List<Item> burst)
    {
        try
        {
            lock (_gate)
            {
                using var transaction = _connection.BeginTransaction();
                // Kept prepared for the writer's life (SQLite's own API: see SqliteStatement), closed when it stops.
                _save ??= new SqliteStatement(_connection, "SAVEPOINT item");
                _release ??= new SqliteStatement(_connection, "RELEASE item");
                _rollback ??= new SqliteStatement(_connection, "ROLLBACK TO item");
                foreach (var item in burst)
                {
                    _save.Run();
                    try
                    {
                        item.Run(transaction);
                        _release.Run();
                    }
                    catch (Exception ex)
                    {
                        item.Error = ex;
                        _rollback.Run();
                        _release.Run();
                    }
                }
                transaction.Commit();
                Interlocked.Increment(ref _commits);
            }
        }
        catch (Exception ex)
        {
            // Nothing of the burst is committed: every write in it fails with the error, and the writer goes on.
            foreach (var item in burst)
                item.Error ??= ex;
        }
    }

    private void CloseStatements()
    {
        lock (_gate)
        {
            _save?.Dispose();
            _release?.Dispose();
            _rollback?.Dispose();
            _save = _release = _rollback = null;
        }
    }

    private void Report(Exception ex)
    {
        try
        {
            Failed?.Invoke(this, ex);
        }
        catch (Exception)
        {
            // A failing reporter must not stop the writer; the write's own task carries its error.
        }
    }

    private abstract class Item
    {
        public Exception? Error { get; set; }

        public abstract void Run(SqliteTransaction transaction);

        public abstract void Complete();
    }

    private sealed class Item<T>(Func<SqliteTransaction, T> work, Action<Task<T>>? committed) : Item
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override void Run(SqliteTransaction transaction) => _result = work(transaction);

        public override void Complete()
        {
            // The callback runs before the task completes, so whoever awaits the task also sees what the
            // callback did (a receipt sent, a line printed): the task is the last thing to finish.
            try
            {
                committed?.Invoke(Error is null ? System.Threading.Tasks.Task.FromResult(_result!) : System.Threading.Tasks.Task.FromException<T>(Error));
            }
            finally
            {
                if (Error is null)
                    _completion.SetResult(_result!);
                else
                    _completion.SetException(Error);
            }
        }
    }
}
