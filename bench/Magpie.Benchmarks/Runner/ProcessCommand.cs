using System.Diagnostics;

namespace Magpie.Benchmarks.Runner;

/// <summary>A program and its arguments, kept as a list so nothing is ever re-split by a shell.</summary>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public ProcessCommand Append(params string[] more) => this with { Arguments = [.. Arguments, .. more] };

    public ProcessStartInfo ToStartInfo()
    {
        var start = new ProcessStartInfo(FileName) { UseShellExecute = false };
        foreach (var argument in Arguments)
            start.ArgumentList.Add(argument);
        return start;
    }
}
