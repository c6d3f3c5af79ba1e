namespace Magpie.Cli.Presentation;

/// <summary>Runs work on the UI thread. Network events arrive on pool threads; the view models are only
/// touched through this, so they need no locks (tests use an inline dispatcher).</summary>
internal interface IUiDispatcher
{
    /// <summary>Queues <paramref name="action"/> for the UI thread (or runs it now if already there).</summary>
    void Post(Action action);
}
