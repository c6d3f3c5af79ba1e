using BenchmarkDotNet.Running;

namespace Magpie.Benchmarks;

public static class Program
{
    /// <summary>Runs the BenchmarkDotNet suites; arguments go to BenchmarkSwitcher (e.g. --filter *Parser*).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
