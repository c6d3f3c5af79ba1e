using System.Diagnostics;
using System.Globalization;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Benchmarks.Modes;

/// <summary><c>e2e-send</c>: logs in, sends <c>--warmup</c> unmeasured messages and pauses (so both ends'
/// JIT tiering settles), then sends <c>--count</c> chat messages to <c>--to</c> as fast as the session takes
/// them, and reports the CPU this process spent on those (login and warm-up excluded).</summary>
public static class E2eSendMode
{
    // Outstanding sends allowed at once: enough for the write loop to coalesce, bounded so memory stays flat.
    private const int Window = 256;

    public static async Task<int> RunAsync(ModeArgs args)
    {
        using var deadline = BenchClient.Deadline(args);
        var ct = deadline.Token;
        var count = args.GetInt("count", 20_000);
        var to = Jid.Parse(args.Get("to"));
        await using var client = BenchClient.Create(args, "sender");
        await client.ConnectAsync(ct);
        ModeOutput.Ready();
        // Warm-up in rounds with pauses: the runtime promotes hot methods in steps (tier 0, instrumented,
        // tier 1), each step after calls resume, so one burst leaves the last recompilations to the measured
        // phase (perf showed the JIT's background thread busy there). Rounds let those steps finish first.
        var rounds = args.GetInt("warmup-rounds", 3);
        for (var round = 0; round < rounds; round++)
        {
            await SendBatchAsync(client, to, args.GetInt("warmup", 0) / rounds, E2eReceiveMode.WarmupPrefix, ct);
            await PingAsync(client, ct);
            await Task.Delay(args.GetInt("pause-ms", 1000), ct);
        }

        var cpu0 = ProcessStats.Cpu();
        var items0 = ThreadPool.CompletedWorkItemCount;
        var alloc0 = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        await SendBatchAsync(client, to, count, "", ct);
        var elapsed = clock.Elapsed;
        var cpu = ProcessStats.Cpu() - cpu0;
        var items = ThreadPool.CompletedWorkItemCount - items0;
        var alloc = GC.GetTotalAllocatedBytes() - alloc0;

        await PingAsync(client, ct);
        ModeOutput.Result(new Dictionary<string, double>
        {
            ["count"] = count,
            ["cpu_s"] = cpu.TotalSeconds,
            ["wall_s"] = elapsed.TotalSeconds,
            // Where the CPU goes: thread-pool hand-offs and managed allocation, per message.
            ["pool_items_per_msg"] = (double)items / count,
            ["alloc_bytes_per_msg"] = (double)alloc / count,
        });
        await client.DisconnectAsync(ct);
        return 0;
    }

    private static async Task SendBatchAsync(XmppClient client, Jid to, int count, string prefix, CancellationToken ct)
    {
        var pending = new Queue<Task>(Window);
        for (var i = 0; i < count; i++)
        {
            var message = new Message(to, prefix + "Benchmark message " + i.ToString(CultureInfo.InvariantCulture) + " with a little text in it.");
            pending.Enqueue(client.SendAsync(message, ct));
            if (pending.Count >= Window)
                await pending.Dequeue();
        }
        while (pending.Count > 0)
            await pending.Dequeue();
    }

    /// <summary>A round trip to the server: everything sent before it has been read by the server.</summary>
    private static Task<Iq> PingAsync(XmppClient client, CancellationToken ct) =>
        client.SendIqAsync(new Iq(IqType.Get, new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("ping", "urn:xmpp:ping")), Jid.Parse(client.Options.Jid.Domain)),
            cancellationToken: ct);
}
