using System.Diagnostics;
using System.Globalization;
using Magpie.Cli.Presentation;
using Terminal.Gui.App;

namespace Magpie.Cli.Tui;

/// <summary>
/// Benchmark hook (bench/README.md, "Big roster"): with <c>MAGPIE_EXIT_AFTER_FIRST_ROSTER_FRAME=1</c> the
/// client reports how long after process start the first frame showing the roster reached the terminal,
/// then quits as /quit would. Off unless the variable is set; costs one event handler otherwise unused.
/// </summary>
internal static class FirstRosterFrameProbe
{
    /// <summary>Set to 1 to measure and quit.</summary>
    public const string Variable = "MAGPIE_EXIT_AFTER_FIRST_ROSTER_FRAME";

    /// <summary>Where the result line goes; stderr when unset.</summary>
    public const string FileVariable = "MAGPIE_FIRST_ROSTER_FRAME_FILE";

    /// <summary>Arms the probe on <paramref name="app"/> when the environment asks for it.</summary>
    public static void AttachIfRequested(IApplication app, ClientViewModel model)
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            return;
        var file = Environment.GetEnvironmentVariable(FileVariable);
        var done = false;
        // LayoutAndDrawComplete is raised after the driver flushed the frame to the terminal, so the
        // figure covers drawing and output, not only the view model. Rows are replaced on the UI thread
        // in one step (RosterModel.Update), so a frame drawn after they hold contacts shows the whole roster.
        app.LayoutAndDrawComplete += (_, _) =>
        {
            if (done)
                return;
            var contacts = model.Roster.Rows.Count(r => r.Kind == RosterRowKind.Contact);
            if (contacts == 0)
                return;
            done = true;
            // Process start as the kernel saw it: includes runtime start-up and JIT, as a user would wait.
            using var self = Process.GetCurrentProcess();
            var elapsed = DateTime.Now - self.StartTime;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"first-roster-frame-ms {elapsed.TotalMilliseconds:0.0} contacts {contacts}");
            if (string.IsNullOrEmpty(file))
                Console.Error.WriteLine(line);
            else
                File.WriteAllText(file, line + "\n");
            app.RequestStop();
        };
    }
}
