using System.Globalization;
using System.Runtime.InteropServices;

namespace Magpie.Benchmarks.Runner;

/// <summary>What the results were measured on: the issue wants the date, the cores and the memory.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memKb = ReadField("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        var mem = long.TryParse(memKb, CultureInfo.InvariantCulture, out var kb) ? $"{kb / 1024.0 / 1024.0:0.0} GiB" : "unknown";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu}), {mem} memory, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }

    /// <summary>The 1-, 5- and 15-minute load averages, or null off Linux: the shared machine's noise, for the header.</summary>
    public static string? LoadAverage()
    {
        if (!File.Exists("/proc/loadavg"))
            return null;
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return parts.Length >= 3 ? $"{parts[0]} / {parts[1]} / {parts[2]}" : null;
    }

    private static string? ReadField(string path, string name)
    {
        if (!File.Exists(path))
            return null;
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == name)
                return line[(colon + 1)..].Trim();
        }
        return null;
    }
}
