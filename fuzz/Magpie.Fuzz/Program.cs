using SharpFuzz;

namespace Magpie.Fuzz;

/// <summary>
/// <c>Magpie.Fuzz TARGET</c>: runs TARGET under afl-fuzz (SharpFuzz's fork server; the input comes on standard
/// input). <c>Magpie.Fuzz TARGET FILE|DIR...</c>: runs each file through TARGET once and prints what it found (the
/// triage of a crash). <c>Magpie.Fuzz list</c>: the targets.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "list" or "-h" or "--help")
        {
            Console.WriteLine("usage: Magpie.Fuzz TARGET [FILE|DIR...]\ntargets: " + string.Join(" ", FuzzTargets.All.Keys));
            return args.Length == 0 ? 2 : 0;
        }
        if (!FuzzTargets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"unknown target '{args[0]}'; targets: {string.Join(" ", FuzzTargets.All.Keys)}");
            return 2;
        }
        if (args.Length == 1)
        {
            Oracle.CheckTime = true;
            // AFL++ keeps a crashing input but not what was said: scripts/fuzz names a file for the findings' messages,
            // which tells a finding that does not reproduce alone (a time limit on a busy machine, say) from the rest.
            var log = Environment.GetEnvironmentVariable("MAGPIE_FUZZ_FINDINGS");
            Fuzzer.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                try
                {
                    target(buffer.ToArray());
                }
                catch (Exception ex) when (log is not null)
                {
                    File.AppendAllText(log, $"{DateTime.UtcNow:O} {ex.GetType().Name}: {ex.Message}\n{(ex is FuzzFinding ? ex.InnerException : ex)?.StackTrace}\n\n");
                    throw;
                }
            });
            return 0;
        }
        var failed = 0;
        foreach (var file in args.Skip(1).SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a).Order(StringComparer.Ordinal) : (IEnumerable<string>)[a]))
        {
            try
            {
                target(File.ReadAllBytes(file));
                Console.WriteLine($"ok    {file}");
            }
            catch (Exception ex)
            {
                failed++;
                Console.WriteLine($"FOUND {file}\n      {ex.GetType().Name}: {ex.Message.Replace("\n", "\n      ", StringComparison.Ordinal)}");
                // The stack of what went wrong: the finding's cause, else the escaped exception itself.
                if ((ex is FuzzFinding ? ex.InnerException : ex) is { } cause)
                    Console.WriteLine(cause.StackTrace);
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
