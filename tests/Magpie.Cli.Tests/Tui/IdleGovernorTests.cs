using Magpie.Cli.Tui;
using Microsoft.Extensions.Time.Testing;

namespace Magpie.Cli.Tests.Tui;

/// <summary>The full-screen client's main loop runs at full rate while something happens and slows down when
/// nothing does (issue #14, "idle means idle"). Fake time only.</summary>
public sealed class IdleGovernorTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<ushort> _rates = [];
    private readonly IdleGovernor _governor;

    public IdleGovernorTests() => _governor = new IdleGovernor(_time, _rates.Add);

    [Fact]
    public void Slows_down_once_nothing_has_happened_for_the_window()
    {
        _governor.Tick();
        Assert.Empty(_rates);

        _time.Advance(IdleGovernor.ActiveWindow - TimeSpan.FromMilliseconds(1));
        _governor.Tick();
        Assert.Empty(_rates);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        _governor.Tick();
        Assert.Equal([IdleGovernor.IdleRate], _rates);
        Assert.True(_governor.IsIdle);

        // Further passes while idle change nothing.
        _time.Advance(TimeSpan.FromMinutes(5));
        _governor.Tick();
        Assert.Equal([IdleGovernor.IdleRate], _rates);
    }

    [Fact]
    public void An_event_restores_the_full_rate_at_once_and_starts_the_window_over()
    {
        _time.Advance(IdleGovernor.ActiveWindow);
        _governor.Tick();

        _governor.Activity();
        Assert.Equal([IdleGovernor.IdleRate, IdleGovernor.ActiveRate], _rates);
        Assert.False(_governor.IsIdle);

        _time.Advance(IdleGovernor.ActiveWindow / 2);
        _governor.Activity(); // typing on: the window starts over
        _time.Advance(IdleGovernor.ActiveWindow / 2);
        _governor.Tick();
        Assert.False(_governor.IsIdle);

        _time.Advance(IdleGovernor.ActiveWindow / 2);
        _governor.Tick();
        Assert.True(_governor.IsIdle);
        Assert.Equal([IdleGovernor.IdleRate, IdleGovernor.ActiveRate, IdleGovernor.IdleRate], _rates);
    }

    [Fact]
    public void Events_while_active_do_not_touch_the_rate()
    {
        for (var i = 0; i < 10; i++)
        {
            _governor.Activity();
            _time.Advance(TimeSpan.FromMilliseconds(100));
            _governor.Tick();
        }

        Assert.Empty(_rates);
    }

    [Fact]
    public void A_post_from_the_connection_counts_as_an_event()
    {
        var dispatcher = new TuiDispatcher();
        dispatcher.Posted += _governor.Activity;
        _time.Advance(IdleGovernor.ActiveWindow);
        _governor.Tick();

        dispatcher.Post(() => { });

        Assert.False(_governor.IsIdle);
    }
}
