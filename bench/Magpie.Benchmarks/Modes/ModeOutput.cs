using System.Text.Json;

namespace Magpie.Benchmarks.Modes;

/// <summary>The line protocol between a client mode and the runner: <c>READY</c> once logged in and
/// waiting, then one <c>RESULT {json}</c>. The Python scripts speak the same protocol.</summary>
public static class ModeOutput
{
    public static void Ready()
    {
        Console.Out.WriteLine("READY");
        Console.Out.Flush();
    }

    public static void Result(IReadOnlyDictionary<string, double> figures)
    {
        Console.Out.WriteLine("RESULT " + JsonSerializer.Serialize(figures));
        Console.Out.Flush();
    }
}
