using System.Globalization;

namespace Magpie.Benchmarks.Modes;

/// <summary>CPU and memory of this process as the kernel counts them, the same way the Python scripts read
/// theirs (os.times, /proc/self/status), so both sides are measured alike.</summary>
public static class ProcessStats
{
    /// <summary>User + system CPU of all threads so far.</summary>
    public static TimeSpan Cpu() => Environment.CpuUsage.TotalTime;

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
