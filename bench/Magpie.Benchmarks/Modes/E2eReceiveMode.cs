using System.Diagnostics;
using Magpie.Xmpp.Im;

namespace Magpie.Benchmarks.Modes;

/// <summary><c>e2e-recv</c>: logs in, goes available, says READY, then counts <c>--count</c> chat messages
/// and reports the CPU spent from READY to the last one, and the rate from the first to the last.</summary>
public static class E2eReceiveMode
{
    public static async Task<int> RunAsync(ModeArgs args)
    {
        using var deadline = BenchClient.Deadline(args);
        var ct = deadline.Token;
        var count = args.GetInt("count", 20_000);
        await using var client = BenchClient.Create(args, "receiver");
        var presence = client.Use(new PresenceManager());
        var received = 0;
        long firstTicks = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MessageReceived += (_, message) =>
        {
            if (message.Body is null)
                return;
            var n = Interlocked.Increment(ref received);
            if (n == 1)
                firstTicks = Stopwatch.GetTimestamp();
            if (n == count)
                done.TrySetResult();
        };
        await client.ConnectAsync(ct);
        await presence.SetPresenceAsync(cancellationToken: ct);
        // Let the presence reach the server before the sender starts, so the first message finds us.
        await Task.Delay(200, ct);
        var cpu0 = ProcessStats.Cpu();
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
        ModeOutput.Result(new Dictionary<string, double>
        {
            ["count"] = count,
            ["cpu_s"] = cpu.TotalSeconds,
            ["span_s"] = Stopwatch.GetElapsedTime(firstTicks, lastTicks).TotalSeconds,
        });
        await client.DisconnectAsync(ct);
        return 0;
    }
}
