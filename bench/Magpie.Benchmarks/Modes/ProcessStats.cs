using System.Globalization;

namespace Magpie.Benchmarks.Modes;

/// <summary>CPU and memory of this process as the kernel counts them, the same way the Python scripts read
/// theirs (os.times, /proc/self/status), so both sides are measured alike.</summary>
public static class ProcessStats
{
    /// <summary>User + system CPU of all threads so far.</summary>
    public static TimeSpan Cpu() => Environment.CpuUsage.TotalTime;

    /// <summary>CPU seconds so far of each thread, summed by thread name (/proc/self/task/*/stat): says
    /// whether time goes to the thread pool, the socket engine, the JIT's background compiler or the GC.</summary>
    public static Dictionary<string, double> CpuByThreadName()
    {
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }
            // "tid (comm) state ..." where comm may hold spaces: split around the last ')'.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var name = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ticksPerSecond;
            result[name] = result.GetValueOrDefault(name) + seconds;
        }
        return result;
    }

    /// <summary>Voluntary context switches so far of each thread (times it blocked and was woken), summed by
    /// thread name: how often the receiving path went to sleep waiting for the network.</summary>
    public static Dictionary<string, double> WakesByThreadName()
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string name = "", switches = "0";
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
                {
                    if (line.StartsWith("Name:", StringComparison.Ordinal))
                        name = line["Name:".Length..].Trim();
                    else if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                        switches = line["voluntary_ctxt_switches:".Length..].Trim();
                }
            }
            catch (IOException)
            {
                continue;
            }
            result[name] = result.GetValueOrDefault(name) + long.Parse(switches, CultureInfo.InvariantCulture);
        }
        return result;
    }

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public static long RssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                continue;
            var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }
}
