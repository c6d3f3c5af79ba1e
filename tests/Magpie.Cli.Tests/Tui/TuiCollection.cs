namespace Magpie.Cli.Tests.Tui;

/// <summary>Screen tests run one at a time: Terminal.Gui keeps some process-wide state (configuration,
/// drivers) that parallel applications would share.</summary>
[CollectionDefinition("tui", DisableParallelization = true)]
public sealed class TuiCollection;
