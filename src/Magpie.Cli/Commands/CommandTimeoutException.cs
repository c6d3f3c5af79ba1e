namespace Magpie.Cli.Commands;

/// <summary>A verb's own deadline passed (for example <c>listen --timeout</c>). Maps to <see cref="ExitCodes.Timeout"/>.</summary>
internal sealed class CommandTimeoutException(string message) : Exception(message);
