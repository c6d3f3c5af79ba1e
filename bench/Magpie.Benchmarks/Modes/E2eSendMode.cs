using System.Diagnostics;
using System.Globalization;
using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Benchmarks.Modes;

/// <summary><c>e2e-send</c>: logs in, sends <c>--count</c> chat messages to <c>--to</c> as fast as the
/// session takes them, and reports the CPU this process spent sending (login excluded).</summary>
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

        var cpu0 = ProcessStats.Cpu();
        var clock = Stopwatch.StartNew();
        var pending = new Queue<Task>(Window);
        for (var i = 0; i < count; i++)
        {
            var message = new Message(to, "Benchmark message " + i.ToString(CultureInfo.InvariantCulture) + " with a little text in it.");
            pending.Enqueue(client.SendAsync(message, ct));
            if (pending.Count >= Window)
                await pending.Dequeue();
        }
        while (pending.Count > 0)
            await pending.Dequeue();
        var elapsed = clock.Elapsed;
        var cpu = ProcessStats.Cpu() - cpu0;

        // A round trip to the server: everything before it has been read by the server.
        await client.SendIqAsync(new Iq(IqType.Get, new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("ping", "urn:xmpp:ping")))
        {
            To = Jid.Parse(client.Options.Jid.Domain),
        }, cancellationToken: ct);
        ModeOutput.Result(new Dictionary<string, double>
        {
            ["count"] = count,
            ["cpu_s"] = cpu.TotalSeconds,
            ["wall_s"] = elapsed.TotalSeconds,
        });
        await client.DisconnectAsync(ct);
        return 0;
    }
}
