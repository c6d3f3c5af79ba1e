using System.Diagnostics;

namespace Magpie.Fuzz;

/// <summary>What a target found: an oracle was broken. Thrown out of the target, so AFL++ records the input as a
/// crash and the replay tests fail with the message.</summary>
public sealed class FuzzFinding : Exception
{
    public FuzzFinding(string message) : base(message) { }
    public FuzzFinding(string message, Exception inner) : base(message + ": " + inner.GetType().FullName + ": " + inner.Message, inner) { }
}

/// <summary>The oracles every target shares: exceptions of the documented types only, and time and memory per
/// input bounded.</summary>
public static class Oracle
{
    /// <summary>Whether wall-clock limits are checked. On under AFL++ (<c>scripts/fuzz</c>); off in the replay tests,
    /// which must not depend on how busy the machine is (memory is checked in both).</summary>
    public static bool CheckTime { get; set; }

    public static void Check(bool condition, string what)
    {
        if (!condition)
            throw new FuzzFinding(what);
    }

    /// <summary>Runs one input through <paramref name="body"/> and checks what it costs: at most
    /// <paramref name="baseBytes"/> plus <paramref name="bytesPerInputByte"/> per input byte allocated (by every thread), and
    /// at most <paramref name="time"/> of wall-clock time when <see cref="CheckTime"/> is on.</summary>
    public static void Bounded(int inputLength, TimeSpan time, long baseBytes, long bytesPerInputByte, Action body)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        body();
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var allowed = baseBytes + bytesPerInputByte * inputLength;
        if (allocated > allowed)
            throw new FuzzFinding($"memory: {allocated:N0} bytes allocated for a {inputLength}-byte input (limit {allowed:N0})");
        if (CheckTime && clock.Elapsed > time)
            throw new FuzzFinding($"time: {clock.Elapsed.TotalMilliseconds:N0} ms for a {inputLength}-byte input (limit {time.TotalMilliseconds:N0} ms)");
    }

    /// <summary>Rethrows <paramref name="ex"/> as a finding unless it is one of <paramref name="allowed"/> (or derives from one).</summary>
    public static void Allow(Exception ex, string where, params Type[] allowed)
    {
        if (ex is FuzzFinding)
            throw ex;
        foreach (var type in allowed)
        {
            if (type.IsInstanceOfType(ex))
                return;
        }
        throw new FuzzFinding($"{where}: undocumented exception", ex);
    }
}
