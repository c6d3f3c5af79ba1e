using System.Diagnostics;
using System.Globalization;
using Magpie.Xmpp.Im;

namespace Magpie.Benchmarks.Modes;

/// <summary><c>roster</c>: <c>--count</c> times log in and fetch the roster; reports the time from connect
/// to a usable roster (every item parsed and held), and how many items came.</summary>
public static class RosterMode
{
    public static async Task<int> RunAsync(ModeArgs args)
    {
        using var deadline = BenchClient.Deadline(args);
        var ct = deadline.Token;
        var count = args.GetInt("count", 5);
        var figures = new Dictionary<string, double> { ["count"] = count };
        for (var i = -1; i < count; i++)
        {
            await using var client = BenchClient.Create(args, "roster" + i.ToString(CultureInfo.InvariantCulture));
            var roster = client.Use(new RosterManager());
            var clock = Stopwatch.StartNew();
            await client.ConnectAsync(ct);
            var items = await roster.GetRosterAsync(ct);
            var wall = clock.Elapsed;
            figures["items"] = items.Count;
            if (i >= 0) // the first round is a warm-up
                figures["wall_ms_" + i.ToString(CultureInfo.InvariantCulture)] = wall.TotalMilliseconds;
            await client.DisconnectAsync(ct);
        }
        ModeOutput.Result(figures);
        return 0;
    }
}
