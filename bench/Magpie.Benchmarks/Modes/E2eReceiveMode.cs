using System.Diagnostics;
using Magpie.Xmpp.Im;

namespace Magpie.Benchmarks.Modes;

/// <summary><c>e2e-recv</c>: logs in, goes available, says READY, lets the sender's warm-up messages through
/// unmeasured, then counts <c>--count</c> chat messages and reports the CPU spent from the first measured
/// message to the last, and the rate.</summary>
/// <remarks>The warm-up matters for a JIT runtime: in a fresh process perf showed about 60% of the first
/// 20,000 messages' CPU in the JIT (mostly its background tiering thread recompiling the TLS, XmlReader and
/// stream-reader state machines), not the message path. A long-running client pays that once; the figure
/// we compare is the steady state.</remarks>
public static class E2eReceiveMode
{
    public const string WarmupPrefix = "warmup ";

    public static async Task<int> RunAsync(ModeArgs args)
    {
        using var deadline = BenchClient.Deadline(args);
        var ct = deadline.Token;
        var count = args.GetInt("count", 20_000);
        await using var client = BenchClient.Create(args, "receiver");
        var presence = client.Use(new PresenceManager());
        var received = 0;
        var warmups = 0;
        long firstTicks = 0;
        TimeSpan cpu0 = default;
        long items0 = 0, alloc0 = 0;
        Dictionary<string, double> threads0 = [], wakes0 = [];
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MessageReceived += (_, message) =>
        {
            if (message.Body is not { } body)
                return;
            if (body.StartsWith(WarmupPrefix, StringComparison.Ordinal))
            {
                // The measuring code runs once at the first measured message; run it now and then during
                // the warm-up too, so that the JIT has finished with it (and with what it calls) by then.
                if (++warmups % 200 == 1)
                    _ = (ProcessStats.Cpu(), ThreadPool.CompletedWorkItemCount, GC.GetTotalAllocatedBytes(), ProcessStats.CpuByThreadName(), ProcessStats.WakesByThreadName(), Stopwatch.GetTimestamp());
                return;
            }
            var n = Interlocked.Increment(ref received);
            if (n == 1)
            {
                // Handlers run one at a time on the read loop, so this baseline is taken before the rest; the
                // per-thread figures first, so that reading /proc is not counted in the measured CPU.
                threads0 = ProcessStats.CpuByThreadName();
                wakes0 = ProcessStats.WakesByThreadName();
                items0 = ThreadPool.CompletedWorkItemCount;
                alloc0 = GC.GetTotalAllocatedBytes();
                cpu0 = ProcessStats.Cpu();
                firstTicks = Stopwatch.GetTimestamp();
            }
            if (n == count)
                done.TrySetResult();
        };
        await client.ConnectAsync(ct);
        await presence.SetPresenceAsync(cancellationToken: ct);
        // Let the presence reach the server before the sender starts, so the first message finds us.
        await Task.Delay(200, ct);
        ModeOutput.Ready();
        try
        {
            await done.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"e2e-recv: timed out with {Volatile.Read(ref received)} of {count} messages");
            return 5;
        }
        var lastTicks = Stopwatch.GetTimestamp();
        var cpu = ProcessStats.Cpu() - cpu0;
        var measured = count - 1; // the first message only starts the clocks
        var figures = new Dictionary<string, double>
        {
            ["count"] = measured,
            ["cpu_s"] = cpu.TotalSeconds,
            // Where the CPU goes: thread-pool hand-offs and managed allocation, per message.
            ["pool_items_per_msg"] = (double)(ThreadPool.CompletedWorkItemCount - items0) / measured,
            ["alloc_bytes_per_msg"] = (double)(GC.GetTotalAllocatedBytes() - alloc0) / measured,
            ["span_s"] = Stopwatch.GetElapsedTime(firstTicks, lastTicks).TotalSeconds,
        };
        foreach (var (name, wakes) in ProcessStats.WakesByThreadName())
            figures["thread_wakes:" + name] = wakes - wakes0.GetValueOrDefault(name);
        foreach (var (name, seconds) in ProcessStats.CpuByThreadName())
            figures["thread_cpu_s:" + name] = seconds - threads0.GetValueOrDefault(name);
        ModeOutput.Result(figures);
        await client.DisconnectAsync(ct);
        return 0;
    }
}
