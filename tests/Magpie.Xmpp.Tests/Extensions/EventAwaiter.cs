namespace Magpie.Xmpp.Tests.Extensions;

/// <summary>Collects events and lets a test await the n-th one with a timeout (no sleeps).</summary>
internal sealed class EventAwaiter<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<T> Items { get { lock (_gate) return [.. _items]; } }

    public void Add(T item)
    {
        lock (_gate)
        {
            _items.Add(item);
            foreach (var (count, done) in _waiters)
            {
                if (_items.Count >= count)
                    done.TrySetResult();
            }
        }
    }

    public async Task<IReadOnlyList<T>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_items.Count >= count)
                return [.. _items];
            _waiters.Add((count, done));
        }
        await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        return Items;
    }
}
