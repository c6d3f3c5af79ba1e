namespace Magpie.Cli.Tui;

/// <summary>
/// Idle means idle (issue #14): Terminal.Gui's main loop runs up to <c>MaximumIterationsPerSecond</c> times a
/// second whether or not anything happens (each pass checks input, the terminal size, layout and the cursor).
/// The governor keeps the full rate while the user types or clicks, or the connection reports something, and
/// drops to <see cref="IdleRate"/> once nothing has happened for <see cref="ActiveWindow"/>; the next event
/// restores the full rate at once.
/// </summary>
/// <param name="clock">The time source (tests use a fake one).</param>
/// <param name="setRate">Applies a rate (iterations per second) to the main loop.</param>
internal sealed class IdleGovernor(TimeProvider clock, Action<ushort> setRate)
{
    /// <summary>Iterations per second while something happens (Terminal.Gui's default).</summary>
    public const ushort ActiveRate = 25;

    /// <summary>Iterations per second when idle: a key pressed after a quiet spell waits at most 1/IdleRate s.</summary>
    public const ushort IdleRate = 5;

    /// <summary>How long the full rate lasts after the last event.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private long _lastActivity = clock.GetTimestamp();
    private bool _idle;

    /// <summary>Whether the loop currently runs at the idle rate.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
                return _idle;
        }
    }

    /// <summary>Something happened (a key, the mouse, a resize, an update from the connection): full rate now.
    /// Any thread.</summary>
    public void Activity()
    {
        lock (_gate)
        {
            _lastActivity = clock.GetTimestamp();
            if (!_idle)
                return;
            _idle = false;
            setRate(ActiveRate);
        }
    }

    /// <summary>Called on every pass of the main loop: drops to the idle rate once the window has passed.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_idle || clock.GetElapsedTime(_lastActivity) < ActiveWindow)
                return;
            _idle = true;
            setRate(IdleRate);
        }
    }
}
