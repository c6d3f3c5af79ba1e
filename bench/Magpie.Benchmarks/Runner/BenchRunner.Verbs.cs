using System.Diagnostics;
using System.Globalization;

namespace Magpie.Benchmarks.Runner;

/// <summary>The verbs as whole processes exactly as a user runs them (issue #14): the <c>./magpie</c> wrapper
/// (its check for source changes included), defaults on, history storage on (a fresh XDG home of its own).</summary>
public sealed partial class BenchRunner
{
    private const int IdleSeconds = 60;

    private async Task VerbsAsync()
    {
        if (paths.Wrapper is null)
        {
            _table.Note("Verbs: not measured: no ./magpie wrapper given (--wrapper).");
            return;
        }
        var home = Directory.CreateDirectory(Path.Combine(Server.RootDirectory, "verbs-home")).FullName;
        var env = UserEnvironment(home);
        var to = $"{Receiver}@{Server.Domain}";
        string[] account = ["--jid", $"{Sender}@{Server.Domain}", "--password-file", _passwordFile,
            "--server", $"{Server.Host}:{Server.C2sPort}", "--ca-file", Server.CaCertificatePath];
        var n = sizes.OneShotRepetitions;
        var timeout = TimeSpan.FromSeconds(30);

        // --version: the floor every verb starts from.
        var version = new List<double>();
        for (var rep = 0; rep < n; rep++)
            version.Add(await ContenderTimer.TimeAsync("./magpie --version", paths.Wrapper.Append("--version"), env, timeout));
        var v = Stats.Median(version);
        _table.Add(new TableRow("Verbs", $"`./magpie --version`: wall ms of the whole process, wrapper included (median of {n})",
            ResultsTable.Num(v, "0"), ResultsTable.Missing, ResultsTable.Missing, ResultsTable.Missing, "≤ 20 ms", ResultsTable.AtMost(v / 20, 1.0)));

        // send: against go-sendxmpp (the anchor) and slixmpp's one-shot.
        var send = new Dictionary<string, (ProcessCommand Command, Dictionary<string, string>? Environment)>
        {
            ["magpie"] = (paths.Wrapper.Append(["send", .. account, to, "verbs benchmark message"]), env),
            ["slixmpp"] = (SlixScript("oneshot_send.py", [.. Account(Sender), "--to", to]), null),
        };
        if (paths.GoSendXmpp is not null)
            send["go-sendxmpp"] = (await GoSendXmppAsync(to, "verbs benchmark message"), new Dictionary<string, string> { ["SSL_CERT_FILE"] = Server.CaCertificatePath });
        var sendWalls = await TimeAlternatingAsync("send", send, n, timeout);
        double ms = Stats.Median(sendWalls["magpie"]), xs = Stats.Median(sendWalls["slixmpp"]),
            gs = sendWalls.TryGetValue("go-sendxmpp", out var g) ? Stats.Median(g) : double.NaN;
        _table.Add(new TableRow("Verbs", $"`./magpie send` as a user runs it (wrapper, AOT, history on): wall ms (median of {n}); other = go-sendxmpp",
            ResultsTable.Num(ms, "0"), ResultsTable.Num(xs, "0"), ResultsTable.Num(gs, "0"), ResultsTable.Num(ms / gs),
            "≤ ½ × go-sendxmpp (at least < 1×)", ResultsTable.AtMost(ms / gs, 0.5) + (ms / gs < 1 ? " (below go-sendxmpp)" : "")));

        // connect: log in, show the session, log out; slixmpp's one-shot logs in and out.
        var connect = new Dictionary<string, (ProcessCommand Command, Dictionary<string, string>? Environment)>
        {
            ["magpie"] = (paths.Wrapper.Append(["connect", .. account]), env),
            ["slixmpp"] = (SlixScript("oneshot_connect.py", [.. Account(Sender)]), null),
        };
        var connectWalls = await TimeAlternatingAsync("connect", connect, n, timeout);
        double mc = Stats.Median(connectWalls["magpie"]), xc = Stats.Median(connectWalls["slixmpp"]);
        _table.Add(new TableRow("Verbs", $"`./magpie connect` (also asks the server's software) as a user runs it: wall ms (median of {n}); other = go-sendxmpp's send",
            ResultsTable.Num(mc, "0"), ResultsTable.Num(xc, "0"), ResultsTable.Num(gs, "0"), ResultsTable.Num(mc / gs), "report", "—"));

        await TuiIdleAsync(account, env);
    }

    /// <summary>The full-screen client logged in and left alone in tmux: CPU (user + system, from
    /// /proc/PID/stat) over <see cref="IdleSeconds"/> s, against profanity (Debian) logged in the same way.</summary>
    private async Task TuiIdleAsync(string[] account, Dictionary<string, string> env)
    {
        const string Target = "≤ profanity";
        if (!await TuiFirstFrame.AvailableAsync())
        {
            _table.Add(new TableRow("Verbs", "TUI idle CPU", ResultsTable.Missing, ResultsTable.Missing, ResultsTable.Missing,
                ResultsTable.Missing, Target, "not measured: tmux is not installed"));
            return;
        }
        var runs = new Dictionary<string, (ProcessCommand Command, Dictionary<string, string> Environment)>
        {
            ["magpie"] = (paths.Wrapper!.Append(account), env),
        };
        if (paths.Profanity is not null)
        {
            var profanityHome = Directory.CreateDirectory(Path.Combine(Server.RootDirectory, "profanity-home")).FullName;
            runs["profanity"] = (await ProfanityAsync(profanityHome), UserEnvironment(profanityHome));
        }
        var idle = new TuiIdle(Server.RootDirectory);
        var percent = new Dictionary<string, double>();
        try
        {
            foreach (var (name, (command, environment)) in runs)
            {
                Console.Error.WriteLine($"tui idle: {name}, {IdleSeconds} s");
                percent[name] = await idle.MeasureAsync(name, command, environment, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(IdleSeconds));
            }
        }
        finally
        {
            await idle.StopAsync();
        }
        double m = percent.GetValueOrDefault("magpie", double.NaN), p = percent.GetValueOrDefault("profanity", double.NaN);
        _table.Add(new TableRow("Verbs", $"TUI idle: % of one core (user + system ticks over {IdleSeconds} s, logged in, nothing happening, tmux 120×40); other = profanity",
            ResultsTable.Num(m, "0.00"), ResultsTable.Missing, ResultsTable.Num(p, "0.00"), ResultsTable.Num(m / p), Target,
            paths.Profanity is null ? "not measured: profanity is not installed" : ResultsTable.AtMost(m / p, 1.0)));
    }

    private static async Task<Dictionary<string, List<double>>> TimeAlternatingAsync(string verb,
        Dictionary<string, (ProcessCommand Command, Dictionary<string, string>? Environment)> contenders, int repetitions, TimeSpan timeout)
    {
        var walls = contenders.Keys.ToDictionary(k => k, _ => new List<double>());
        for (var rep = 0; rep < repetitions; rep++)
        {
            foreach (var name in Alternate(rep, [.. contenders.Keys]))
                walls[name].Add(await ContenderTimer.TimeAsync($"{name} {verb}", contenders[name].Command, contenders[name].Environment, timeout));
        }
        return walls;
    }

    /// <summary>A fresh home: the app's defaults (config, history database) land there, as for a new user.</summary>
    private static Dictionary<string, string> UserEnvironment(string home) => new()
    {
        ["HOME"] = home,
        ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
        ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
        ["XDG_STATE_HOME"] = Path.Combine(home, ".local", "state"),
        ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache"),
    };

    private async Task<ProcessCommand> GoSendXmppAsync(string to, string text)
    {
        // go-sendxmpp takes the password on its command line or from a config file: the file, mode 0600.
        var rc = Path.Combine(Server.RootDirectory, "sendxmpprc");
        await File.WriteAllTextAsync(rc, $"username: {Sender}@{Server.Domain}\npassword: {Password}\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(rc, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var messageFile = Path.Combine(Server.RootDirectory, "verbs-message.txt");
        await File.WriteAllTextAsync(messageFile, text + "\n");
        return new ProcessCommand(paths.GoSendXmpp!, ["-f", rc, "-j", $"{Server.Host}:{Server.C2sPort}", "-m", messageFile, to]);
    }

    /// <summary>profanity with an account of its own that logs in at start (<c>-a</c>). It is told to trust the
    /// private server's certificate: the bench measures idling, not certificate handling.</summary>
    private async Task<ProcessCommand> ProfanityAsync(string home)
    {
        var data = Directory.CreateDirectory(Path.Combine(home, ".local", "share", "profanity")).FullName;
        Directory.CreateDirectory(Path.Combine(home, ".config", "profanity"));
        var jid = $"{Receiver}@{Server.Domain}";
        var accounts = string.Join('\n',
            $"[{jid}]",
            "enabled=true",
            $"jid={jid}",
            $"server={Server.Host}",
            string.Create(CultureInfo.InvariantCulture, $"port={Server.C2sPort}"),
            "resource=bench",
            $"password={Password}",
            "tls.policy=trust",
            "");
        var file = Path.Combine(data, "accounts");
        await File.WriteAllTextAsync(file, accounts);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new ProcessCommand(paths.Profanity!, ["-a", jid]);
    }
}
