using Magpie.Cli.Presentation;

namespace Magpie.IntegrationTests.Tui;

/// <summary>Runs posted work at once but one at a time, standing in for the UI thread in tests.</summary>
internal sealed class SerialDispatcher : IUiDispatcher
{
    private readonly Lock _gate = new();

    public void Post(Action action)
    {
        lock (_gate)
            action();
    }

    /// <summary>Reads view-model state without racing posted work.</summary>
    public T Read<T>(Func<T> read)
    {
        lock (_gate)
            return read();
    }
}
