using System.Diagnostics;

namespace Magpie.Benchmarks.Runner;

/// <summary>Times a whole process from start to exit (one-shot send, <c>magpie roster list</c>).</summary>
public static class ContenderTimer
{
    /// <summary>Wall time in milliseconds, or NaN when the process failed (its stderr goes to ours).</summary>
    public static async Task<double> TimeAsync(string name, ProcessCommand command, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = command.ToStartInfo();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
                start.Environment[key] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        process.StandardInput.Close();
        // Drain both pipes so a chatty process never blocks on a full pipe.
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Console.Error.WriteLine($"{name}: killed after {timeout.TotalSeconds:0} s");
            return double.NaN;
        }
        var wall = clock.Elapsed.TotalMilliseconds;
        await stdout;
        var err = await stderr;
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"{name}: exit code {process.ExitCode}: {err.Trim()}");
            return double.NaN;
        }
        return wall;
    }
}
