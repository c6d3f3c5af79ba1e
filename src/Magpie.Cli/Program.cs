using System.Collections;
using System.CommandLine;
using System.CommandLine.Invocation;
using Magpie.Cli.Commands;

namespace Magpie.Cli;

/// <summary>The <c>magpie</c> entry point. All work goes through <see cref="RunAsync(string[], CliContext, bool, CancellationToken)"/>
/// so tests run the real CLI in-process with captured output.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var context = new CliContext(Console.Out, Console.Error, Environment.GetEnvironmentVariables(),
            Console.IsInputRedirected ? null : PasswordPrompt.Read)
        {
            ErrorIsTerminal = !Console.IsErrorRedirected,
            IsTerminal = !Console.IsInputRedirected && !Console.IsOutputRedirected,
        };
        return RunAsync(args, context, ownsProcess: true);
    }

    /// <summary>Runs the CLI as a test would: no terminal, so no password prompt.</summary>
    internal static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IDictionary environment, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliContext(stdout, stderr, environment, PasswordPrompt: null) { In = TextReader.Null }, ownsProcess: false, cancellationToken);

    /// <summary>Runs the CLI as a test would, with <paramref name="stdin"/> as standard input.</summary>
    internal static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, IDictionary environment, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliContext(stdout, stderr, environment, PasswordPrompt: null) { In = stdin }, ownsProcess: false, cancellationToken);

    /// <summary>Parses and runs one command line; returns the exit code. Ctrl+C handling is installed
    /// only when <c>ownsProcess</c> (the real process, not a test).</summary>
    internal static async Task<int> RunAsync(string[] args, CliContext context, bool ownsProcess, CancellationToken cancellationToken = default)
    {
        if (PasswordArgumentGuard.Check(args) is { } refusal)
            return ExitCodes.Report(context, args.Contains("--json", StringComparer.Ordinal), ExitCodes.Usage, refusal);
        var root = CommandCatalog.BuildRoot(context, args);
        var result = root.Parse(args);
        if (result.Action is ParseErrorAction)
            return ReportParseErrors(result, args, context);
        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            // Verbs report their own errors through ExitCodes; anything else is a bug and should show a trace.
            EnableDefaultExceptionHandler = true,
            ProcessTerminationTimeout = ownsProcess ? TimeSpan.FromSeconds(2) : null,
        };
        return await result.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>Our own format for parse errors: "magpie: ..." lines, exit code 1, and JSON with --json.</summary>
    private static int ReportParseErrors(ParseResult result, string[] args, CliContext context)
    {
        var json = args.Contains("--json", StringComparer.Ordinal);
        var messages = result.Errors.Select(e => e.Message).Distinct().ToList();
        foreach (var message in messages.SkipLast(1))
            context.Error.WriteLine("magpie: " + Rendering.SafeText.OneLine(message));
        var code = ExitCodes.Report(context, json, ExitCodes.Usage, messages.LastOrDefault() ?? "invalid command line");
        var verb = result.CommandResult.Command is RootCommand ? "" : result.CommandResult.Command.Name + " ";
        context.Error.WriteLine($"Run 'magpie {verb}--help' for usage.");
        return code;
    }
}
