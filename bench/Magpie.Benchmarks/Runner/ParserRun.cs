using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Magpie.Benchmarks.Runner;

/// <summary>Runs <see cref="ParserBenchmarks"/> through BenchmarkDotNet in this process (no second build),
/// several rounds, and keeps the medians.</summary>
public static class ParserRun
{
    public static async Task<ParserResult> RunAsync(BenchSizes sizes, string artifacts)
    {
        var corpus = StreamCorpus.Generate();
        var probe = new ParserBenchmarks();
        probe.Setup();
        var stanzas = await probe.MagpieStreamReader();
        if (await probe.MagpieStreamReaderAsync() != stanzas)
            throw new InvalidOperationException("The two reader modes read a different number of stanzas.");
        probe.Cleanup();

        var job = (sizes.Quick ? Job.ShortRun : Job.Default.WithWarmupCount(3).WithIterationCount(10))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(artifacts);

        var mbps = new Dictionary<string, List<double>>();
        var alloc = new Dictionary<string, List<double>>();
        for (var round = 0; round < sizes.ParserRounds; round++)
        {
            Console.Error.WriteLine($"parser: round {round + 1} of {sizes.ParserRounds}");
            var summary = BenchmarkRunner.Run<ParserBenchmarks>(config);
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics is not { } stats)
                    continue;
                var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
                Add(mbps, name, corpus.Length / (stats.Median / 1e9) / 1e6);
                Add(alloc, name, (report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0) / (double)stanzas);
            }
        }
        return new ParserResult(corpus.Length, stanzas, mbps.ToDictionary(kv => kv.Key, kv => Stats.Median(kv.Value)),
            alloc.ToDictionary(kv => kv.Key, kv => Stats.Median(kv.Value)));
    }

    private static void Add(Dictionary<string, List<double>> figures, string name, double value)
    {
        if (!figures.TryGetValue(name, out var list))
            figures[name] = list = [];
        list.Add(value);
    }
}
