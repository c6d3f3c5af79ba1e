namespace Magpie.Xmpp.Transport;

/// <summary>
/// A connection's own thread for reading its stream: every read of the connection's XML runs here,
/// synchronously, from the stream negotiation on to the read loop.
/// </summary>
/// <remarks>
/// Why: an asynchronous socket read that has to wait completes through a thread-pool work item, and the
/// pool's workers spin for a while after each item in case more work comes. For a receiver that wakes a few
/// hundred times a second that spinning cost more CPU than parsing and delivering the stanzas (measured in Magpie's benchmarks).
/// A thread blocked in a read costs nothing while it waits and is woken directly by the socket engine. Reading
/// synchronously also lets the XML parser run in its synchronous mode, which is faster and keeps buffers of
/// 4 KB where the asynchronous mode holds about 100 KB per connection. Callers on other threads hand their read
/// to this thread and await the result, so only this thread ever blocks on the network.
/// </remarks>
internal sealed class ReaderThread
{
    [ThreadStatic]
    private static bool t_isCurrent;

    private readonly Queue<Action> _work = new();
    private readonly object _gate = new(); // Monitor.Wait/Pulse need a monitor, not a Lock
    private bool _completed;

    /// <summary>Starts the thread; it waits for work until <see cref="Complete"/>.</summary>
    public ReaderThread(string name)
    {
        var thread = new Thread(Run)
        {
            IsBackground = true,
            Name = name,
        };
        thread.UnsafeStart();
    }

    /// <summary>Whether the calling thread is a connection's read thread (reads may block it).</summary>
    public static bool IsCurrent => t_isCurrent;

    private void Run()
    {
        t_isCurrent = true;
        while (true)
        {
            Action work;
            lock (_gate)
            {
                while (_work.Count == 0)
                {
                    if (_completed)
                        return;
                    Monitor.Wait(_gate);
                }
                work = _work.Dequeue();
            }
            work();
        }
    }

    /// <summary>Runs <paramref name="read"/> on this thread after what was handed to it before; the task
    /// completes with its result. Fails with <see cref="XmppConnectionException"/> once the thread was completed.</summary>
    public Task<T> InvokeAsync<T>(Func<T> read)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Work()
        {
            try
            {
                done.TrySetResult(read());
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }
        lock (_gate)
        {
            if (_completed)
            {
                done.TrySetException(new XmppConnectionException("The connection is closed."));
                return done.Task;
            }
            _work.Enqueue(Work);
            Monitor.Pulse(_gate);
        }
        return done.Task;
    }

    /// <summary>Starts a read loop on this thread; the task completes with it. Should the loop await something
    /// that is not complete, it resumes on the thread pool and this thread is free again: the loop's later
    /// reads are handed back to it like anyone else's.</summary>
    public Task RunAsync(Func<Task> loop) => InvokeAsync(loop).Unwrap();

    /// <summary>Takes no more work: the thread ends once the work it is doing returns (closing the transport
    /// ends a read it is blocked in).</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Waits for <paramref name="pending"/>: in place on a read thread, so that its loop stays there;
    /// elsewhere returns it to be awaited.</summary>
    public static ValueTask<T> Stay<T>(ValueTask<T> pending) =>
        pending.IsCompleted || !t_isCurrent ? pending : new ValueTask<T>(pending.AsTask().GetAwaiter().GetResult());

    /// <summary>The result of a read started on this thread, where it completes synchronously.</summary>
    public static T Result<T>(ValueTask<T> read) => read.IsCompleted ? read.Result : read.AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Asks the socket engine to handle <paramref name="socket"/>'s readiness on its own event thread
    /// instead of handing each event to the thread pool. With the read loop blocked in a synchronous read,
    /// that work is only waking the read thread (or noting that data is ready while it is busy); without it,
    /// each burst the server sends costs a pool work item and the pool's spinning afterwards.
    /// </summary>
    /// <returns>False when this runtime has no such switch (it is internal to System.Net.Sockets).</returns>
    public static bool TryPreferInlineCompletions(System.Net.Sockets.Socket socket)
    {
        try
        {
            SetPreferInlineCompletions(socket, true);
            return true;
        }
        catch (MissingMemberException)
        {
            return false;
        }
    }

    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = "set_PreferInlineCompletions")]
    private static extern void SetPreferInlineCompletions(System.Net.Sockets.Socket socket, bool value);
}
