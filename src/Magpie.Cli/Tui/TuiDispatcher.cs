using Magpie.Cli.Presentation;
using Terminal.Gui.App;

namespace Magpie.Cli.Tui;

/// <summary>Posts view-model work to Terminal.Gui's main loop.</summary>
internal sealed class TuiDispatcher(IApplication app) : IUiDispatcher
{
    /// <inheritdoc />
    public void Post(Action action) => app.Invoke(action);
}
