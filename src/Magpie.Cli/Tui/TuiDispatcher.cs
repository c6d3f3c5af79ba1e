using Magpie.Cli.Presentation;
using Terminal.Gui.App;

namespace Magpie.Cli.Tui;

/// <summary>Posts view-model work to Terminal.Gui's main loop. Work posted before the application exists
/// (the connection starts while the terminal is still being set up) waits, in order, until <see cref="Open"/>.</summary>
internal sealed class TuiDispatcher : IUiDispatcher
{
    private readonly Lock _gate = new();
    private List<Action>? _early = [];
    private IApplication? _app;

    /// <summary>Hands everything posted so far, and everything after, to <paramref name="app"/>'s main loop.</summary>
    public void Open(IApplication app)
    {
        lock (_gate)
        {
            _app = app;
            // Under the lock, so that nothing posted meanwhile overtakes the early work.
            foreach (var action in _early!)
                app.Invoke(action);
            _early = null;
        }
    }

    /// <summary>Raised on the posting thread for every post (the <see cref="IdleGovernor"/> wakes the loop up).</summary>
    public event Action? Posted;

    /// <inheritdoc />
    public void Post(Action action)
    {
        Posted?.Invoke();
        IApplication app;
        lock (_gate)
        {
            if (_app is null)
            {
                _early!.Add(action);
                return;
            }
            app = _app;
        }
        app.Invoke(action);
    }
}
