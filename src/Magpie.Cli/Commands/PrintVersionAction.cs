using System.CommandLine;
using System.CommandLine.Invocation;

namespace Magpie.Cli.Commands;

/// <summary><c>--version</c>: prints the plain version (the default action would add the git revision).</summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(CommandCatalog.Version);
        return ExitCodes.Success;
    }
}
