using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.HttpUpload;

namespace Magpie.Benchmarks;

/// <summary>
/// Not a BenchmarkDotNet suite: a console mode (<c>dotnet run -c Release --project bench/Magpie.Benchmarks -- upload-memory</c>)
/// that uploads generated files of 10 MiB and 100 MiB to a private Prosody (limit raised to 256 MiB) and
/// prints the managed allocations and the working set each needed. Streaming means the 100 MiB upload
/// costs about what the 10 MiB one does; the exit code is 1 when it does not. Too slow for CI: it is
/// built there, not run.
/// </summary>
public static class UploadMemoryBenchmark
{
    private const long MiB = 1024 * 1024;

    /// <summary>How much more the big upload may grow the working set than the small one.</summary>
    private const long AllowedGrowth = 32 * MiB;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => long.Parse(a, CultureInfo.InvariantCulture) * MiB).ToArray() : [10 * MiB, 100 * MiB];
        await using var server = await ProsodyServer.StartAsync(new ProsodyOptions { UploadSizeLimit = 256 * MiB, EnableMam = false });
        var user = ProsodyServer.NewUserName("bench");
        await server.CreateUserAsync(user, "bench-password");
        var options = new XmppClientOptions
        {
            Jid = Jid.Create(user, server.Domain, "bench"),
            Password = "bench-password",
            Host = server.Host,
            Port = server.C2sPort,
        };
        options.Tls.TrustCertificateFile(server.CaCertificatePath);
        await using var client = new XmppClient(options);
        var upload = client.Use(new HttpUploadExtension());
        await client.ConnectAsync();
        await upload.DiscoverServiceAsync();

        var dir = Directory.CreateTempSubdirectory("magpie-bench-").FullName;
        try
        {
            Console.WriteLine("size MiB | allocated MiB | working set growth MiB | peak working set MiB | seconds");
            var growth = new List<long>();
            foreach (var size in sizes)
            {
                var path = Path.Combine(dir, $"upload-{size / MiB}.bin");
                WriteFile(path, size);
                var result = await MeasureAsync(() => upload.UploadFileAsync(path));
                growth.Add(result.Growth);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size / MiB,8} | {result.Allocated / (double)MiB,13:0.0} | {result.Growth / (double)MiB,22:0.0} | {result.Peak / (double)MiB,20:0.0} | {result.Elapsed.TotalSeconds,7:0.0}"));
                File.Delete(path);
            }
            var flat = growth.Max() - growth.Min() <= AllowedGrowth;
            Console.WriteLine(flat ? "flat: memory does not grow with file size" : "NOT FLAT: memory grows with file size");
            return flat ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(long Allocated, long Growth, long Peak, TimeSpan Elapsed)> MeasureAsync(Func<Task> upload)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = Environment.WorkingSet;
        var peak = baseline;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var stop = new CancellationTokenSource();
        // Sample the working set while the upload runs (the process-wide peak would include earlier runs);
        // Environment.WorkingSet and a slow tick keep the sampler's own allocations out of the numbers.
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    peak = Math.Max(peak, Environment.WorkingSet);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var clock = Stopwatch.StartNew();
        await upload();
        clock.Stop();
        await stop.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return (allocated, peak - baseline, peak, clock.Elapsed);
    }

    private static void WriteFile(string path, long size)
    {
        using var file = File.Create(path);
        var buffer = new byte[MiB];
        for (var left = size; left > 0; left -= buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }
    }
}
