using System.Globalization;
using Magpie.Xmpp;
using Magpie.Xmpp.Im;

namespace Magpie.Benchmarks.Modes;

/// <summary><c>idle-sessions</c>: <c>--count</c> logged-in sessions (roster fetched, presence sent) held in
/// one process; reports the growth of the resident set per session after a full GC.</summary>
public static class IdleSessionsMode
{
    // Logins in flight at once: keeps the server's and our CPU busy without a thundering herd.
    private const int Parallel = 8;

    public static async Task<int> RunAsync(ModeArgs args)
    {
        using var deadline = BenchClient.Deadline(args);
        var ct = deadline.Token;
        var count = args.GetInt("count", 500);
        // One session first so code, TLS and JIT state are not charged to the idle sessions.
        var sessions = new List<XmppClient> { await OpenAsync(args, "warmup", ct) };
        Settle();
        var rss0 = ProcessStats.RssBytes();
        var heap0 = GC.GetTotalMemory(forceFullCollection: true);
        using var gate = new SemaphoreSlim(Parallel);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await OpenAsync(args, "idle" + i.ToString(CultureInfo.InvariantCulture), ct);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        sessions.AddRange(await Task.WhenAll(tasks));
        await Task.Delay(1000, ct);
        Settle();
        var rss1 = ProcessStats.RssBytes();
        var heap1 = GC.GetTotalMemory(forceFullCollection: true);
        var connected = sessions.Count(s => s.IsConnected) - 1;
        ModeOutput.Result(new Dictionary<string, double>
        {
            ["count"] = connected,
            ["rss_bytes_per_session"] = (double)(rss1 - rss0) / count,
            ["heap_bytes_per_session"] = (double)(heap1 - heap0) / count,
        });
        foreach (var session in sessions)
            await session.DisposeAsync();
        return connected == count ? 0 : 4;
    }

    private static async Task<XmppClient> OpenAsync(ModeArgs args, string resource, CancellationToken ct)
    {
        var client = BenchClient.Create(args, resource);
        var roster = client.Use(new RosterManager());
        var presence = client.Use(new PresenceManager());
        await client.ConnectAsync(ct);
        await roster.GetRosterAsync(ct);
        await presence.SetPresenceAsync(cancellationToken: ct);
        return client;
    }

    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
