namespace Magpie.Xmpp.Routing;

/// <summary>
/// Delivers one connection's incoming items one at a time, in arrival order, after everything the previous
/// connection delivered. The single producer (the read loop) delivers an item itself when nothing is ahead
/// of it, so the usual path has no hand-off to another thread; only while an earlier connection is still
/// delivering are items queued, and a background drainer delivers them once it is done.
/// </summary>
/// <remarks>
/// Once <see cref="Close"/> was called nothing more is accepted, so whatever <see cref="Post"/>'s
/// <c>accepted</c> callback counts (the XEP-0198 handled count) is final. <see cref="Completion"/> completes
/// when the queue is closed and everything accepted was delivered.
/// </remarks>
internal sealed class DispatchQueue<T>
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly Action<T> _deliver;
    private readonly Action<Exception> _onError;
    private readonly int _capacity;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _space;
    private bool _previousDone;
    // Someone is delivering: the producer inline, or the background drainer.
    private bool _delivering;
    private bool _closed;

    /// <param name="previous">Completes when the previous connection delivered everything.</param>
    /// <param name="deliver">Delivers one item; must not throw (what it throws goes to <paramref name="onError"/>).</param>
    /// <param name="onError">Told about an exception <paramref name="deliver"/> let through.</param>
    /// <param name="capacity">How many items may wait before <see cref="Post"/> makes the producer wait.</param>
    public DispatchQueue(Task previous, Action<T> deliver, Action<Exception> onError, int capacity)
    {
        _deliver = deliver;
        _onError = onError;
        _capacity = capacity;
        if (previous.IsCompleted)
            _previousDone = true;
        else
            previous.ContinueWith(static (_, state) => ((DispatchQueue<T>)state!).OnPreviousDone(), this,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes once closed and everything accepted was delivered.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Accepts <paramref name="item"/> and delivers it now when nothing is ahead of it, else queues
    /// it. Returns false, without calling <paramref name="accepted"/>, once the queue is closed. The returned
    /// task is already complete unless the queue is full, in which case it completes when there is room.</summary>
    /// <param name="item">The item.</param>
    /// <param name="accepted">Runs under the queue's lock when the item is accepted, so that it is atomic
    /// with <see cref="Close"/>.</param>
    /// <remarks>One producer only.</remarks>
    public ValueTask<bool> Post(T item, Action? accepted)
    {
        lock (_gate)
        {
            if (_closed)
                return new ValueTask<bool>(false);
            accepted?.Invoke();
            if (_delivering || !_previousDone)
            {
                // Someone else delivers it.
                _queue.Enqueue(item);
                if (_queue.Count < _capacity)
                    return new ValueTask<bool>(true);
                return WaitForSpaceAsync((_space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task);
            }
            _delivering = true;
        }
        // Nothing ahead: deliver here, then hand delivery back (draining anything queued meanwhile).
        Deliver(item);
        DrainQueued();
        return new ValueTask<bool>(true);
    }

    private static async ValueTask<bool> WaitForSpaceAsync(Task wait)
    {
        await wait.ConfigureAwait(false);
        return true;
    }

    /// <summary>Accepts nothing more. <see cref="Completion"/> follows once what was accepted is delivered.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
                return;
            _closed = true;
            _space?.TrySetResult();
            _space = null;
            // Not before the previous connection is done: completion promises everything before was delivered.
            if (_previousDone && !_delivering && _queue.Count == 0)
                _completion.TrySetResult();
        }
    }

    private void OnPreviousDone()
    {
        lock (_gate)
        {
            _previousDone = true;
            if (_queue.Count == 0)
            {
                if (_closed)
                    _completion.TrySetResult();
                return;
            }
            _delivering = true;
        }
        _ = Task.Run(DrainQueued);
    }

    private void DrainQueued()
    {
        while (true)
        {
            T item;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out item!))
                {
                    _delivering = false;
                    if (_closed)
                        _completion.TrySetResult();
                    return;
                }
                if (_space is not null && _queue.Count < _capacity)
                {
                    _space.TrySetResult();
                    _space = null;
                }
            }
            Deliver(item);
        }
    }

    private void Deliver(T item)
    {
        try
        {
            _deliver(item);
        }
        catch (Exception ex)
        {
            _onError(ex);
        }
    }
}
