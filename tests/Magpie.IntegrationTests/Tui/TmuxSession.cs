using System.Diagnostics;

namespace Magpie.IntegrationTests.Tui;

/// <summary>A detached tmux session of fixed size running one command: keys in, screen out.</summary>
internal sealed class TmuxSession : IAsyncDisposable
{
    private TmuxSession(string name) => Name = name;

    public string Name { get; }

    /// <summary>Starts <paramref name="command"/> (a shell command line) in a new detached session.</summary>
    public static async Task<TmuxSession> StartAsync(string command, int width, int height, IReadOnlyDictionary<string, string> environment)
    {
        var session = new TmuxSession("magpie-" + Guid.NewGuid().ToString("N")[..8]);
        var args = new List<string> { "new-session", "-d", "-s", session.Name, "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in environment)
        {
            args.Add("-e");
            args.Add($"{key}={value}");
        }
        args.Add(command);
        await RunAsync(args);
        return session;
    }

    /// <summary>Types <paramref name="text"/> literally.</summary>
    public Task TypeAsync(string text) => RunAsync(["send-keys", "-t", Name, "-l", text]);

    /// <summary>Presses keys by tmux name (Enter, M-a, PPage …).</summary>
    public Task PressAsync(params string[] keys) => RunAsync(["send-keys", "-t", Name, .. keys]);

    /// <summary>The visible screen as text; with <paramref name="escapes"/> the SGR and other sequences too.</summary>
    public Task<string> CaptureAsync(bool escapes = false) =>
        RunAsync(escapes ? ["capture-pane", "-p", "-e", "-t", Name] : ["capture-pane", "-p", "-t", Name]);

    /// <summary>A tmux format expanded for the session's window, e.g. <c>#{window_bell_flag}</c>.</summary>
    public async Task<string> DisplayAsync(string format) => (await RunAsync(["display-message", "-p", "-t", Name, format])).Trim();

    /// <summary>Polls the screen until <paramref name="done"/> holds; fails with the last screen on timeout.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        string screen;
        while (true)
        {
            screen = await CaptureAsync();
            if (done(screen))
                return screen;
            if (deadline.Elapsed > limit)
                throw new TimeoutException($"waited {limit.TotalSeconds} s for {what}; the screen was:\n{screen}");
            await Task.Delay(50); // polling interval between captures
        }
    }

    /// <summary>Waits until the screen shows <paramref name="text"/>.</summary>
    public Task<string> WaitForTextAsync(string text, TimeSpan? timeout = null) =>
        WaitForAsync(s => s.Contains(text, StringComparison.Ordinal), $"'{text}'", timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(["kill-session", "-t", Name]);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task<string> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tmux did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tmux {string.Join(' ', start.ArgumentList)}: {await error}");
        return await output;
    }
}
