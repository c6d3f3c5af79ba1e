using System.Diagnostics;
using System.Globalization;
using Magpie.Xmpp.Im;

namespace Magpie.Benchmarks.Modes;

/// <summary><c>login</c>: <c>--count</c> times connect → session ready (TLS, SCRAM, bind, roster fetched,
/// initial presence sent), then disconnect. One unmeasured warm-up first, as a long-running client would be.
/// Reports each wall time and the CPU per login.</summary>
public static class LoginMode
{
    public static async Task<int> RunAsync(ModeArgs args)
    {
        using var deadline = BenchClient.Deadline(args);
        var ct = deadline.Token;
        var count = args.GetInt("count", 20);
        await LoginOnceAsync(args, "warmup", ct);
        var figures = new Dictionary<string, double> { ["count"] = count };
        var cpu0 = ProcessStats.Cpu();
        double cpuInside = 0;
        for (var i = 0; i < count; i++)
        {
            var (wall, cpu) = await LoginOnceAsync(args, "login" + i.ToString(CultureInfo.InvariantCulture), ct);
            figures["wall_ms_" + i.ToString(CultureInfo.InvariantCulture)] = wall.TotalMilliseconds;
            cpuInside += cpu.TotalMilliseconds;
        }
        figures["cpu_ms_per_login"] = cpuInside / count;
        figures["cpu_ms_per_cycle"] = (ProcessStats.Cpu() - cpu0).TotalMilliseconds / count;
        ModeOutput.Result(figures);
        return 0;
    }

    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> LoginOnceAsync(ModeArgs args, string resource, CancellationToken ct)
    {
        await using var client = BenchClient.Create(args, resource);
        var roster = client.Use(new RosterManager());
        var presence = client.Use(new PresenceManager());
        var cpu0 = ProcessStats.Cpu();
        var clock = Stopwatch.StartNew();
        await client.ConnectAsync(ct);
        await roster.GetRosterAsync(ct);
        await presence.SetPresenceAsync(cancellationToken: ct);
        var wall = clock.Elapsed;
        var cpu = ProcessStats.Cpu() - cpu0;
        await client.DisconnectAsync(ct);
        return (wall, cpu);
    }
}
