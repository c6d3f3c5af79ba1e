namespace Magpie.Cli.Commands;

/// <summary>The command line (or the environment it relies on) is wrong in a way the parser cannot see,
/// for example no password source. Maps to <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message, Exception? innerException = null) : Exception(message, innerException);
