namespace Magpie.Xmpp.Transport;

/// <summary>
/// Runs a connection's read loop on a thread of its own, on which the transport is read synchronously.
/// </summary>
/// <remarks>
/// Why: an asynchronous socket read that has to wait completes through a thread-pool work item, and the
/// pool's workers spin for a while after each item in case more work comes. For a receiver that wakes a few
/// hundred times a second that spinning cost more CPU than parsing and delivering the stanzas (bench/README).
/// A thread blocked in a read costs nothing while it waits and is woken directly by the socket engine. Only
/// the read loop's own thread reads synchronously: code that awaited something and resumed elsewhere goes
/// on reading asynchronously, so no thread-pool thread is ever blocked on the network.
/// </remarks>
internal static class ReaderThread
{
    [ThreadStatic]
    private static bool t_isCurrent;

    /// <summary>Whether the calling thread is a read loop's own thread (reads may block it).</summary>
    public static bool IsCurrent => t_isCurrent;

    /// <summary>Starts <paramref name="loop"/> on a new background thread; the task completes with it.</summary>
    public static Task Run(Func<Task> loop, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            t_isCurrent = true;
            try
            {
                // Blocks only if the loop awaits something that is not complete (it then resumes on the pool).
                loop().GetAwaiter().GetResult();
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
            finally
            {
                t_isCurrent = false;
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.UnsafeStart();
        return done.Task;
    }

    /// <summary>
    /// Asks the socket engine to handle <paramref name="socket"/>'s readiness on its own event thread
    /// instead of handing each event to the thread pool. With the read loop blocked in a synchronous read,
    /// that work is only waking this thread (or noting that data is ready while it is busy); without it, each
    /// burst the server sends costs a pool work item and the pool's spinning afterwards.
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

    /// <summary>On a read loop's own thread, waits for <paramref name="pending"/> in place so that the loop
    /// stays on its thread; elsewhere returns it to be awaited.</summary>
    public static ValueTask<T> Stay<T>(ValueTask<T> pending) =>
        pending.IsCompleted || !t_isCurrent ? pending : new ValueTask<T>(pending.AsTask().GetAwaiter().GetResult());
}
