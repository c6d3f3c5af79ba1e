using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Magpie.Benchmarks.Runner;

/// <summary>
/// Runs the full-screen client under a real pseudo-terminal (a private tmux server, 120×40) with
/// <c>MAGPIE_EXIT_AFTER_FIRST_ROSTER_FRAME=1</c>, and reads back how long after its own process start the
/// first frame showing the roster was flushed to the terminal. The app measures itself, so the runner's
/// polling and tmux's own start-up stay out of the figure.
/// </summary>
public sealed class TuiFirstFrame(string workDirectory)
{
    private const string Tmux = "tmux";

    // A socket of our own: never touches a developer's tmux sessions, and kill-server ends only ours.
    private readonly string _socket = "magpie-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private int _runs;

    /// <summary>Whether tmux can be started at all.</summary>
    public static async Task<bool> AvailableAsync()
    {
        try
        {
            var (code, _) = await RunTmuxAsync(null, ["-V"]);
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>One launch: milliseconds from process start to the first roster frame, and how many contact
    /// rows that frame had; NaN (with the reason on stderr) when the app never got there.</summary>
    public async Task<(double Ms, int Contacts)> MeasureAsync(string name, ProcessCommand app, TimeSpan timeout)
    {
        var run = ++_runs;
        var resultFile = Path.Combine(workDirectory, $"tui-frame-{run}.txt");
        var errorFile = Path.Combine(workDirectory, $"tui-frame-{run}.err");
        var session = "frame" + run.ToString(CultureInfo.InvariantCulture);
        var command = new StringBuilder("exec");
        foreach (var part in new[] { app.FileName }.Concat(app.Arguments))
            command.Append(' ').Append(Quote(part));
        command.Append(" 2>").Append(Quote(errorFile));
        var (started, output) = await RunTmuxAsync(_socket, [
            "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
            "-e", "MAGPIE_EXIT_AFTER_FIRST_ROSTER_FRAME=1",
            "-e", "MAGPIE_FIRST_ROSTER_FRAME_FILE=" + resultFile,
            command.ToString()]);
        if (started != 0)
        {
            Console.Error.WriteLine($"{name}: tmux new-session failed: {output.Trim()}");
            return (double.NaN, 0);
        }
        try
        {
            // Wait for the pane's process to end (the app quits by itself after reporting), so runs never overlap.
            var clock = Stopwatch.StartNew();
            while ((await RunTmuxAsync(_socket, ["has-session", "-t", session])).Code == 0)
            {
                if (clock.Elapsed > timeout)
                {
                    Console.Error.WriteLine($"{name}: no first roster frame within {timeout.TotalSeconds:0} s");
                    return (double.NaN, 0);
                }
                await Task.Delay(50);
            }
            if (!File.Exists(resultFile))
            {
                var err = File.Exists(errorFile) ? await File.ReadAllTextAsync(errorFile) : "";
                Console.Error.WriteLine($"{name}: exited without a first roster frame: {err.Trim()}");
                return (double.NaN, 0);
            }
            // "first-roster-frame-ms 812.3 contacts 10000"
            var parts = (await File.ReadAllTextAsync(resultFile)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return (double.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture));
        }
        finally
        {
            await RunTmuxAsync(_socket, ["kill-session", "-t", session]);
        }
    }

    /// <summary>Stops our private tmux server, if it is still up.</summary>
    public async Task StopAsync()
    {
        try
        {
            await RunTmuxAsync(_socket, ["kill-server"]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No tmux: nothing to stop.
        }
    }

    // tmux hands the command to sh -c: single quotes keep every argument literal.
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<(int Code, string Output)> RunTmuxAsync(string? socket, string[] args)
    {
        var start = new ProcessStartInfo(Tmux)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (socket is not null)
        {
            start.ArgumentList.Add("-L");
            start.ArgumentList.Add(socket);
        }
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
