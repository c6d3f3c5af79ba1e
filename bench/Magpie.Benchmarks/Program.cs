using BenchmarkDotNet.Running;
using Magpie.Benchmarks.Modes;
using Magpie.Benchmarks.Runner;

namespace Magpie.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>run [--quick] [--only parser,end,login,idle,one-shot,verbs,big,jingle] [--wrapper ./magpie]</c>: the whole bench (scripts/bench calls this). <c>serve [--seconds N]</c>: the bench's Prosody kept up for profiling by hand. <c>e2e-send</c>, <c>e2e-recv</c>,
    /// <c>login</c>, <c>idle-sessions</c>, <c>roster</c>: Magpie's side of one scenario, started by the runner.
    /// <c>upload-memory [MiB…]</c>: memory while uploading large files (<see cref="UploadMemoryBenchmark"/>).
    /// Anything else goes to BenchmarkSwitcher (e.g. <c>--filter *Parser*</c>).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        var rest = new ModeArgs(args.Skip(1));
        switch (mode)
        {
            case "run":
                return await new BenchRunner(rest.GetOptional("quick") is null ? BenchSizes.Full : BenchSizes.Small, Paths(rest),
                    rest.GetOptional("only")?.Split(',').ToHashSet(StringComparer.Ordinal)).RunAsync();
            case "serve":
                return await new BenchRunner(BenchSizes.Full, Paths(rest)).ServeAsync(rest.GetInt("seconds", 600));
            case "e2e-send":
                return await E2eSendMode.RunAsync(rest);
            case "e2e-recv":
                return await E2eReceiveMode.RunAsync(rest);
            case "login":
                return await LoginMode.RunAsync(rest);
            case "idle-sessions":
                return await IdleSessionsMode.RunAsync(rest);
            case "roster":
                return await RosterMode.RunAsync(rest);
            case "upload-memory":
                return await UploadMemoryBenchmark.RunAsync(args.Skip(1).ToArray());
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }

    private static RunnerPaths Paths(ModeArgs args)
    {
        // Start our own modes the way we were started: through the dotnet host, or our apphost.
        var host = Environment.ProcessPath ?? "dotnet";
        var self = Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? new ProcessCommand(host, [typeof(Program).Assembly.Location])
            : new ProcessCommand(host, []);
        var magpie = args.GetOptional("magpie") ?? "magpie";
        var magpieCommand = magpie.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessCommand("dotnet", [magpie]) : new ProcessCommand(magpie, []);
        var aot = args.GetOptional("magpie-aot");
        var go = args.GetOptional("go-sendxmpp") ?? "/usr/bin/go-sendxmpp";
        var profanity = args.GetOptional("profanity") ?? "/usr/bin/profanity";
        return new RunnerPaths(
            self,
            args.GetOptional("python") ?? "/usr/bin/python3",
            args.GetOptional("slixmpp-dir") ?? "bench/slixmpp",
            magpieCommand,
            aot is not null && File.Exists(aot) ? new ProcessCommand(aot, []) : null,
            File.Exists(go) ? go : null,
            args.GetOptional("out") ?? "RESULTS.md",
            args.GetOptional("label"))
        {
            Wrapper = args.GetOptional("wrapper") is { } wrapper && File.Exists(wrapper) ? new ProcessCommand(Path.GetFullPath(wrapper), []) : null,
            Profanity = File.Exists(profanity) ? profanity : null,
        };
    }
}
