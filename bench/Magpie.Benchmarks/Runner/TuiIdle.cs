using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Magpie.Benchmarks.Runner;

/// <summary>
/// Idle CPU of a full-screen client: started under a private tmux server (120×40), given time to log in,
/// then its user + system clock ticks (fields 14 and 15 of <c>/proc/PID/stat</c>) read at the start and the end
/// of the window. The pane runs the client by <c>exec</c>, so the pane's process is the client.
/// </summary>
public sealed class TuiIdle(string workDirectory)
{
    private const string Tmux = "tmux";
    private readonly string _socket = "magpie-idle-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private int _runs;

    /// <summary>Percent of one core used over <paramref name="window"/> after <paramref name="settle"/>; NaN
    /// (with the reason on stderr) when the client did not stay up.</summary>
    public async Task<double> MeasureAsync(string name, ProcessCommand app, IReadOnlyDictionary<string, string> environment, TimeSpan settle, TimeSpan window)
    {
        var run = ++_runs;
        var session = "idle" + run.ToString(CultureInfo.InvariantCulture);
        var errorFile = Path.Combine(workDirectory, $"tui-idle-{run}.err");
        var command = new StringBuilder("exec");
        foreach (var part in new[] { app.FileName }.Concat(app.Arguments))
            command.Append(' ').Append(Quote(part));
        command.Append(" 2>").Append(Quote(errorFile));
        List<string> args = ["new-session", "-d", "-s", session, "-x", "120", "-y", "40"];
        foreach (var (key, value) in environment)
            args.AddRange(["-e", $"{key}={value}"]);
        args.Add(command.ToString());
        var (code, output) = await RunTmuxAsync(args);
        if (code != 0)
        {
            Console.Error.WriteLine($"{name}: tmux new-session failed: {output.Trim()}");
            return double.NaN;
        }
        try
        {
            var (_, pidText) = await RunTmuxAsync(["display-message", "-p", "-t", session, "#{pane_pid}"]);
            if (!int.TryParse(pidText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                Console.Error.WriteLine($"{name}: no pane process ({pidText.Trim()})");
                return double.NaN;
            }
            await Task.Delay(settle);
            var before = Ticks(pid);
            var clock = Stopwatch.StartNew();
            await Task.Delay(window);
            var after = Ticks(pid);
            var seconds = clock.Elapsed.TotalSeconds;
            if (before is null || after is null)
            {
                var err = File.Exists(errorFile) ? await File.ReadAllTextAsync(errorFile) : "";
                Console.Error.WriteLine($"{name}: the client did not stay up: {err.Trim()}");
                return double.NaN;
            }
            // USER_HZ is 100 on Linux.
            return (after.Value - before.Value) / 100.0 / seconds * 100;
        }
        finally
        {
            await RunTmuxAsync(["kill-session", "-t", session]);
        }
    }

    /// <summary>Stops our private tmux server, if it is still up.</summary>
    public async Task StopAsync()
    {
        try
        {
            await RunTmuxAsync(["kill-server"]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No tmux: nothing to stop.
        }
    }

    /// <summary>utime + stime of a process, in clock ticks; null when it is gone.</summary>
    private static long? Ticks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private async Task<(int Code, string Output)> RunTmuxAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Tmux)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new InvalidOperationException("Could not start tmux.");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
