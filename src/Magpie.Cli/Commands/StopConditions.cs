using System.CommandLine;

namespace Magpie.Cli.Commands;

/// <summary><c>--count N</c> and <c>--timeout SECONDS</c> of the long-running verbs (<c>listen</c>,
/// <c>muc join</c>): defined, and checked before connecting, in one place.</summary>
internal sealed class StopConditions(string countDescription)
{
    public Option<int?> Count { get; } = new("--count") { Description = countDescription, HelpName = "N" };

    public Option<double?> Timeout { get; } = new("--timeout") { Description = "Exit with code 5 after this many seconds in all.", HelpName = "SECONDS" };

    public void AddTo(Command command)
    {
        command.Options.Add(Count);
        command.Options.Add(Timeout);
    }

    /// <summary>The validated values.</summary>
    /// <exception cref="UsageException">A value is not positive.</exception>
    public (int? Count, TimeSpan? Timeout) Read(ParseResult result)
    {
        var n = result.GetValue(Count);
        if (n is <= 0)
            throw new UsageException("--count must be a positive number.");
        var seconds = result.GetValue(Timeout);
        if (seconds is <= 0 or double.NaN or double.PositiveInfinity)
            throw new UsageException("--timeout must be a positive number of seconds.");
        return (n, seconds is { } s ? TimeSpan.FromSeconds(s) : null);
    }
}
