using Magpie.Cli.Presentation;

namespace Magpie.IntegrationTests.Tui;

/// <summary>Runs posted work at once but one at a time, standing in for the UI thread in tests; the view
/// model changes only in posted work, so a condition on it is checked after each post, never by polling.</summary>
internal sealed class SerialDispatcher : IUiDispatcher
{
    private readonly Lock _gate = new();
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waiters = [];

    public void Post(Action action)
    {
        lock (_gate)
        {
            action();
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Done())
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Reads view-model state without racing posted work.</summary>
    public T Read<T>(Func<T> read)
    {
        lock (_gate)
            return read();
    }

    /// <summary>Completes once <paramref name="done"/> holds: checked now and after every posted action.</summary>
    public Task WhenAsync(Func<bool> done)
    {
        lock (_gate)
        {
            if (done())
                return Task.CompletedTask;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((done, signal));
            return signal.Task;
        }
    }
}
