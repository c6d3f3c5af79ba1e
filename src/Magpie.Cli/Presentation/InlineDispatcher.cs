namespace Magpie.Cli.Presentation;

/// <summary>Runs posted work at once on the calling thread: for tests and for headless use.</summary>
internal sealed class InlineDispatcher : IUiDispatcher
{
    /// <summary>The shared instance.</summary>
    public static InlineDispatcher Instance { get; } = new();

    /// <inheritdoc />
    public void Post(Action action) => action();
}
