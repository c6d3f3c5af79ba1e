namespace Magpie.Xmpp.Tests.Im;

/// <summary>Collects event arguments and lets a test await the n-th one (no sleeps).</summary>
internal sealed class EventRecorder<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _seen = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<T> Seen
    {
        get { lock (_gate) return [.. _seen]; }
    }

    public void Record(object? sender, T args)
    {
        lock (_gate)
        {
            _seen.Add(args);
            foreach (var waiter in _waiters.Where(w => w.Count <= _seen.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> events were seen; returns them.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        Task task;
        lock (_gate)
        {
            if (_seen.Count >= count)
                return [.. _seen];
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            task = done.Task;
        }
        await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        return Seen;
    }
}
