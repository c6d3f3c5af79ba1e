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

        var job = (sizes.Quick ? Job.ShortRun : Job.Default.WithWarmupCount(3).WithIterationCount(10))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(artifacts);

        var magpie = new List<double>();
        var bare = new List<double>();
        var magpieAlloc = new List<double>();
        var bareAlloc = new List<double>();
        for (var round = 0; round < sizes.ParserRounds; round++)
        {
            Console.Error.WriteLine($"parser: round {round + 1} of {sizes.ParserRounds}");
            var summary = BenchmarkRunner.Run<ParserBenchmarks>(config);
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics is not { } stats)
                    continue;
                var mbps = corpus.Length / (stats.Median / 1e9) / 1e6;
                var alloc = (report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0) / (double)stanzas;
                if (report.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(ParserBenchmarks.MagpieStreamReader))
                {
                    magpie.Add(mbps);
                    magpieAlloc.Add(alloc);
                }
                else
                {
                    bare.Add(mbps);
                    bareAlloc.Add(alloc);
                }
            }
        }
        return new ParserResult(corpus.Length, stanzas, Stats.Median(magpie), Stats.Median(bare),
            Stats.Median(magpieAlloc), Stats.Median(bareAlloc));
    }
}
