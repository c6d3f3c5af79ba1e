using BenchmarkDotNet.Running;

namespace Magpie.Benchmarks;

public static class Program
{
    /// <summary>Runs the BenchmarkDotNet suites; arguments go to BenchmarkSwitcher (e.g. --filter *Parser*).</summary>
    /// <remarks><c>upload-memory [MiB…]</c> runs <see cref="UploadMemoryBenchmark"/> instead (it needs Prosody).</remarks>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["upload-memory", .. var sizes])
            return await UploadMemoryBenchmark.RunAsync(sizes);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
