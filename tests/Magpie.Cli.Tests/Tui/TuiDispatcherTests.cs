using Magpie.Cli.Tui;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Views;

namespace Magpie.Cli.Tests.Tui;

[Collection("tui")]
public sealed class TuiDispatcherTests : IDisposable
{
    private readonly IApplication _app = Application.Create().Init(DriverRegistry.Names.ANSI);

    public void Dispose() => _app.Dispose();

    private void RunOneIteration()
    {
        using var window = new Window();
        _app.StopAfterFirstIteration = true;
        _app.Run(window);
    }

    [Fact]
    public async Task Work_posted_before_the_main_loop_exists_runs_there_first_and_in_order()
    {
        // The connection starts before the terminal is set up; its first updates must wait, not be lost.
        var dispatcher = new TuiDispatcher();
        var ran = new List<(int Step, int Thread)>();
        await Task.Run(() =>
        {
            dispatcher.Post(() => ran.Add((1, Environment.CurrentManagedThreadId)));
            dispatcher.Post(() => ran.Add((2, Environment.CurrentManagedThreadId)));
        });
        Assert.Empty(ran);

        dispatcher.Open(_app);
        dispatcher.Post(() => ran.Add((3, Environment.CurrentManagedThreadId)));
        RunOneIteration();

        Assert.Equal([1, 2, 3], ran.Select(r => r.Step));
        Assert.All(ran, r => Assert.Equal(Environment.CurrentManagedThreadId, r.Thread));
    }
}
