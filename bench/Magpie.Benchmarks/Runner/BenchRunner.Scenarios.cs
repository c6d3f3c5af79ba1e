using System.Globalization;
using System.Text.Json.Nodes;

namespace Magpie.Benchmarks.Runner;

/// <summary>The scenarios of issue #8, each filling its rows of the table.</summary>
public sealed partial class BenchRunner
{
    private async Task ParserAsync()
    {
        Console.Error.WriteLine("== parser (BenchmarkDotNet, in process)");
        var artifacts = Path.Combine(Path.GetTempPath(), "magpie-bench-artifacts");
        var p = await ParserRun.RunAsync(sizes, artifacts);
        var corpus = string.Create(CultureInfo.InvariantCulture, $"{p.CorpusBytes / 1e6:0.0} MB, {p.Stanzas:N0} stanzas");
        void Rows(string magpie, string bare, string how, bool verdict)
        {
            double m = p.MBps[magpie], x = p.MBps[bare], ma = p.BytesPerStanza[magpie], xa = p.BytesPerStanza[bare];
            _table.Add(new TableRow("Parser", $"throughput, MB/s ({corpus}), {how}; other = bare XmlReader, same mode", ResultsTable.Num(m, "0.0"),
                ResultsTable.Missing, ResultsTable.Num(x, "0.0"), ResultsTable.Num(m / x), verdict ? "≥ 0.50 of XmlReader" : "report",
                verdict ? ResultsTable.AtLeast(m / x, 0.5) : "—"));
            _table.Add(new TableRow("Parser", $"bytes allocated per stanza, {how}; other = bare XmlReader, same mode", ResultsTable.Num(ma, "0"),
                ResultsTable.Missing, ResultsTable.Num(xa, "0"), ResultsTable.Num(ma / xa), "report", "—"));
        }
        Rows(nameof(ParserBenchmarks.MagpieStreamReader), nameof(ParserBenchmarks.BareXmlReader), "synchronous on the read thread (the default)", verdict: true);
        Rows(nameof(ParserBenchmarks.MagpieStreamReaderAsync), nameof(ParserBenchmarks.BareXmlReaderAsync), "asynchronous (DedicatedReadThread = false)", verdict: false);
    }

    private const string MagpiePool = "magpie (reading on the thread pool)";

    private async Task EndToEndAsync()
    {
        var count = sizes.E2eMessages;
        var timeout = TimeSpan.FromSeconds(60 + (count + sizes.E2eWarmup) / 100.0);
        var to = $"{Receiver}@{Server.Domain}";
        var samples = new Dictionary<string, (List<double> Send, List<double> Recv, List<double> Rate)>
        {
            ["magpie"] = ([], [], []),
            ["slixmpp"] = ([], [], []),
            [MagpiePool] = ([], [], []),
        };
        // The same Magpie processes with XmppClientOptions.DedicatedReadThread off: what the read thread gives,
        // as report rows beside the default (bench/README.md).
        string[] poolReads = ["--pool-reads"];
        var detail = new Dictionary<string, List<double>>();
        void Detail(string key, double value)
        {
            if (!detail.TryGetValue(key, out var list))
                detail[key] = list = [];
            list.Add(value);
        }
        for (var rep = 0; rep < sizes.E2eRepetitions; rep++)
        {
            foreach (var name in Alternate(rep, "magpie", "slixmpp", MagpiePool))
            {
                Console.Error.WriteLine($"e2e: {name}, repetition {rep + 1}, {count:N0} messages");
                string[] common = ["--count", Str(count), "--timeout", Str((int)timeout.TotalSeconds)];
                string[] warm = ["--warmup", Str(sizes.E2eWarmup), "--warmup-rounds", Str(sizes.E2eWarmupRounds)];
                string[] variant = name == MagpiePool ? poolReads : [];
                var (recvCmd, sendCmd) = name != "slixmpp"
                    ? (MagpieMode("e2e-recv", [.. Account(Receiver), .. common, .. variant]), MagpieMode("e2e-send", [.. Account(Sender), .. common, .. warm, .. variant, "--to", to]))
                    : (SlixScript("e2e_recv.py", [.. Account(Receiver), .. common]), SlixScript("e2e_send.py", [.. Account(Sender), .. common, .. warm, "--to", to]));
                await using var receiver = ChildProcess.Start(name + " receiver", recvCmd);
                await receiver.WaitReadyAsync(TimeSpan.FromSeconds(60));
                await using var sender = ChildProcess.Start(name + " sender", sendCmd);
                var recv = await receiver.WaitResultAsync(timeout);
                var send = await sender.WaitResultAsync(timeout);
                if (Environment.GetEnvironmentVariable("MAGPIE_BENCH_VERBOSE") == "1")
                    Console.Error.WriteLine($"  receiver: {recv.ToJsonString()}\n  sender: {send.ToJsonString()}");
                var s = samples[name];
                s.Send.Add(Get(send, "cpu_s") / Get(send, "count") * 1000);
                s.Recv.Add(Get(recv, "cpu_s") / Get(recv, "count") * 1000);
                s.Rate.Add(Get(recv, "count") / Get(recv, "span_s"));
                if (name != "slixmpp")
                {
                    Detail(name + " send pool", Get(send, "pool_items_per_msg"));
                    Detail(name + " send alloc", Get(send, "alloc_bytes_per_msg"));
                    Detail(name + " recv pool", Get(recv, "pool_items_per_msg"));
                    Detail(name + " recv alloc", Get(recv, "alloc_bytes_per_msg"));
                    // How often the receiving process's threads went to sleep waiting, per 1,000 messages.
                    Detail(name + " recv wakes", recv.Where(kv => kv.Key.StartsWith("thread_wakes:", StringComparison.Ordinal))
                        .Sum(kv => kv.Value!.GetValue<double>()) / Get(recv, "count") * 1000);
                }
            }
        }
        var m = samples["magpie"];
        var x = samples["slixmpp"];
        double ms = Stats.Median(m.Send), xs = Stats.Median(x.Send), mr = Stats.Median(m.Recv), xr = Stats.Median(x.Recv);
        var figure = string.Create(CultureInfo.InvariantCulture, $"{count:N0} messages after {sizes.E2eWarmup:N0} unmeasured warm-up ones");
        _table.Add(new TableRow("End to end", $"messages/s through Prosody ({figure})", ResultsTable.Num(Stats.Median(m.Rate), "0"),
            ResultsTable.Num(Stats.Median(x.Rate), "0"), ResultsTable.Missing, ResultsTable.Num(Stats.Median(m.Rate) / Stats.Median(x.Rate)),
            "report (server-bound)", "—"));
        _table.Add(new TableRow("End to end", "sending client CPU s per 1,000 messages", ResultsTable.Num(ms, "0.0000"), ResultsTable.Num(xs, "0.0000"),
            ResultsTable.Missing, ResultsTable.Num(ms / xs, "0.000"), "≤ 1/5 of slixmpp", ResultsTable.AtMost(ms / xs, 0.2)));
        _table.Add(new TableRow("End to end", "receiving client CPU s per 1,000 messages", ResultsTable.Num(mr, "0.0000"), ResultsTable.Num(xr, "0.0000"),
            ResultsTable.Missing, ResultsTable.Num(mr / xr, "0.000"), "≤ 1/5 of slixmpp", ResultsTable.AtMost(mr / xr, 0.2)));
        var t = samples[MagpiePool];
        double ts = Stats.Median(t.Send), tr = Stats.Median(t.Recv);
        _table.Add(new TableRow("End to end", "sending client CPU s per 1,000 messages, Magpie reading on the thread pool (DedicatedReadThread = false)",
            ResultsTable.Num(ts, "0.0000"), ResultsTable.Num(xs, "0.0000"), ResultsTable.Missing, ResultsTable.Num(ts / xs, "0.000"), "report", "—"));
        _table.Add(new TableRow("End to end", "receiving client CPU s per 1,000 messages, Magpie reading on the thread pool (DedicatedReadThread = false)",
            ResultsTable.Num(tr, "0.0000"), ResultsTable.Num(xr, "0.0000"), ResultsTable.Missing, ResultsTable.Num(tr / xr, "0.000"), "report", "—"));
        string Where(string name) => string.Create(CultureInfo.InvariantCulture,
            $"sending {Stats.Median(detail[name + " send pool"]):0.00} thread-pool work items and {Stats.Median(detail[name + " send alloc"]):0} bytes allocated; "
            + $"receiving {Stats.Median(detail[name + " recv pool"]):0.00} work items, {Stats.Median(detail[name + " recv alloc"]):0} bytes and "
            + $"{Stats.Median(detail[name + " recv wakes"]):0} thread wake-ups per 1,000 messages");
        _table.Note($"End to end, Magpie per message: {Where("magpie")}. Reading on the thread pool: {Where(MagpiePool)}.");
    }

    private async Task LoginAsync()
    {
        var walls = new Dictionary<string, List<double>> { ["magpie"] = [], ["slixmpp"] = [] };
        var cpus = new Dictionary<string, List<double>> { ["magpie"] = [], ["slixmpp"] = [] };
        var timeout = TimeSpan.FromSeconds(60 + sizes.LoginsPerRound * 5);
        for (var round = 0; round < sizes.LoginRounds; round++)
        {
            foreach (var name in Alternate(round, "magpie", "slixmpp"))
            {
                Console.Error.WriteLine($"login: {name}, round {round + 1}");
                string[] args = [.. Account(Loginer), "--count", Str(sizes.LoginsPerRound)];
                var command = name == "magpie" ? MagpieMode("login", args) : SlixScript("login.py", args);
                var result = await RunToResultAsync(name + " login", command, timeout);
                walls[name].AddRange(Series(result, "wall_ms_"));
                cpus[name].Add(Get(result, "cpu_ms_per_login"));
            }
        }
        double mw = Stats.Median(walls["magpie"]), xw = Stats.Median(walls["slixmpp"]);
        double mc = Stats.Median(cpus["magpie"]), xc = Stats.Median(cpus["slixmpp"]);
        var n = walls["magpie"].Count;
        _table.Add(new TableRow("Login", $"connect → session ready, ms (median of {n}; TLS, SCRAM, bind, roster, presence)",
            ResultsTable.Num(mw, "0.0"), ResultsTable.Num(xw, "0.0"), ResultsTable.Missing, ResultsTable.Num(mw / xw), "≤ ½ of slixmpp", ResultsTable.AtMost(mw / xw, 0.5)));
        _table.Add(new TableRow("Login", "client CPU ms per login", ResultsTable.Num(mc, "0.0"), ResultsTable.Num(xc, "0.0"), ResultsTable.Missing,
            ResultsTable.Num(mc / xc), "report", "—"));
    }

    private async Task IdleSessionsAsync()
    {
        var rss = new Dictionary<string, List<double>> { ["magpie"] = [], ["slixmpp"] = [] };
        var heap = new List<double>();
        var timeout = TimeSpan.FromSeconds(120 + sizes.IdleSessions * 0.5);
        for (var rep = 0; rep < sizes.IdleRepetitions; rep++)
        {
            foreach (var name in Alternate(rep, "magpie", "slixmpp"))
            {
                Console.Error.WriteLine($"idle: {name}, {sizes.IdleSessions} sessions");
                string[] args = [.. Account(Loginer), "--count", Str(sizes.IdleSessions), "--timeout", Str((int)timeout.TotalSeconds)];
                var command = name == "magpie" ? MagpieMode("idle-sessions", args) : SlixScript("idle_sessions.py", args);
                var result = await RunToResultAsync(name + " idle sessions", command, timeout + TimeSpan.FromSeconds(30));
                rss[name].Add(Get(result, "rss_bytes_per_session"));
                if (name == "magpie")
                    heap.Add(Get(result, "heap_bytes_per_session"));
            }
        }
        double m = Stats.Median(rss["magpie"]), x = Stats.Median(rss["slixmpp"]);
        _table.Add(new TableRow("Memory", $"KiB resident per idle logged-in session ({sizes.IdleSessions} in one process)",
            ResultsTable.Num(m / 1024, "0.0"), ResultsTable.Num(x / 1024, "0.0"), ResultsTable.Missing, ResultsTable.Num(m / x), "≤ ¼ of slixmpp",
            ResultsTable.AtMost(m / x, 0.25)));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Memory: of Magpie's resident growth per session, {Stats.Median(heap) / 1024:0.0} KiB is managed heap after a full GC; the rest is runtime, TLS (OpenSSL) and socket state."));
    }

    private async Task OneShotAsync()
    {
        var to = $"{Receiver}@{Server.Domain}";
        var text = "one-shot benchmark message";
        string[] send = ["send", "--jid", $"{Sender}@{Server.Domain}", "--password-file", _passwordFile,
            "--server", $"{Server.Host}:{Server.C2sPort}", "--ca-file", Server.CaCertificatePath, to, text];
        var contenders = new Dictionary<string, (ProcessCommand Command, Dictionary<string, string>? Environment)>
        {
            ["magpie"] = (paths.Magpie.Append(send), null),
            ["slixmpp"] = (SlixScript("oneshot_send.py", [.. Account(Sender), "--to", to]), null),
        };
        if (paths.MagpieAot is not null)
            contenders["magpie-aot"] = (paths.MagpieAot.Append(send), null);
        if (paths.GoSendXmpp is not null)
        {
            // go-sendxmpp takes the password on its command line or from a config file: the file, mode 0600.
            var rc = Path.Combine(Server.RootDirectory, "sendxmpprc");
            await File.WriteAllTextAsync(rc, $"username: {Sender}@{Server.Domain}\npassword: {Password}\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(rc, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var messageFile = Path.Combine(Server.RootDirectory, "oneshot.txt");
            await File.WriteAllTextAsync(messageFile, text + "\n");
            // Go reads extra trust anchors from SSL_CERT_FILE; verification stays on.
            contenders["go-sendxmpp"] = (new ProcessCommand(paths.GoSendXmpp, ["-f", rc, "-j", $"{Server.Host}:{Server.C2sPort}", "-m", messageFile, to]),
                new Dictionary<string, string> { ["SSL_CERT_FILE"] = Server.CaCertificatePath });
        }
        var walls = contenders.Keys.ToDictionary(k => k, _ => new List<double>());
        var timeout = TimeSpan.FromSeconds(30);
        for (var rep = 0; rep < sizes.OneShotRepetitions; rep++)
        {
            foreach (var name in Alternate(rep, [.. contenders.Keys]))
                walls[name].Add(await ContenderTimer.TimeAsync(name + " one-shot send", contenders[name].Command, contenders[name].Environment, timeout));
        }
        double Median(string name) => walls.TryGetValue(name, out var list) ? Stats.Median(list) : double.NaN;
        double jit = Median("magpie"), aot = Median("magpie-aot"), x = Median("slixmpp"), g = Median("go-sendxmpp");
        var n = sizes.OneShotRepetitions;
        _table.Add(new TableRow("One-shot send", $"`magpie send`, Native AOT build as `./magpie` runs it: wall ms of the whole process (median of {n}); other = go-sendxmpp",
            ResultsTable.Num(aot, "0"), ResultsTable.Num(x, "0"), ResultsTable.Num(g, "0"), ResultsTable.Num(aot / g), "≤ 1.0 × go-sendxmpp",
            paths.MagpieAot is null ? "not measured: the AOT build failed (see scripts/bench output)" : ResultsTable.AtMost(aot / g, 1.0)));
        // The JIT build is what a library user's own app starts like (and `./magpie` without a C toolchain).
        _table.Add(new TableRow("One-shot send", $"`magpie send`, JIT build (`MAGPIE_JIT=1 ./magpie`): wall ms (median of {n}); other = go-sendxmpp",
            ResultsTable.Num(jit, "0"), ResultsTable.Num(x, "0"), ResultsTable.Num(g, "0"), ResultsTable.Num(jit / g), "report",
            "—"));
        if (walls.Values.Any(list => list.Any(double.IsNaN)))
            _table.Note("One-shot send: some runs failed (see the bench's stderr); the medians are of the runs that worked.");
    }

    private async Task BigRosterAsync()
    {
        var walls = new Dictionary<string, List<double>> { ["magpie"] = [], ["slixmpp"] = [], ["magpie roster list"] = [], ["magpie-aot roster list"] = [] };
        var items = new Dictionary<string, double>();
        var timeout = TimeSpan.FromSeconds(60 + sizes.RosterLogins * 20);
        string[] listArgs = ["roster", "list", "--jid", $"{BigRoster}@{Server.Domain}", "--password-file", _passwordFile,
            "--server", $"{Server.Host}:{Server.C2sPort}", "--ca-file", Server.CaCertificatePath];
        var lists = new Dictionary<string, ProcessCommand> { ["magpie roster list"] = paths.Magpie.Append(listArgs) };
        if (paths.MagpieAot is not null)
            lists["magpie-aot roster list"] = paths.MagpieAot.Append(listArgs);
        for (var rep = 0; rep < 2; rep++)
        {
            foreach (var name in Alternate(rep, ["magpie", "slixmpp", .. lists.Keys]))
            {
                Console.Error.WriteLine($"roster: {name}, repetition {rep + 1}");
                if (lists.TryGetValue(name, out var list))
                {
                    for (var i = 0; i < sizes.RosterLogins; i++)
                        walls[name].Add(await ContenderTimer.TimeAsync(name, list, null, timeout));
                    continue;
                }
                string[] args = [.. Account(BigRoster), "--count", Str(sizes.RosterLogins)];
                var command = name == "magpie" ? MagpieMode("roster", args) : SlixScript("roster.py", args);
                var result = await RunToResultAsync(name + " roster", command, timeout);
                walls[name].AddRange(Series(result, "wall_ms_"));
                items[name] = Get(result, "items");
            }
        }
        double m = Stats.Median(walls["magpie"]), x = Stats.Median(walls["slixmpp"]);
        double l = Stats.Median(walls["magpie roster list"]), la = Stats.Median(walls["magpie-aot roster list"]);
        var contacts = string.Create(CultureInfo.InvariantCulture, $"{sizes.RosterContacts:N0}");
        _table.Add(new TableRow("Big roster", $"login → usable roster, ms ({contacts} contacts; items seen: Magpie {ResultsTable.Num(items.GetValueOrDefault("magpie", double.NaN), "0")}, slixmpp {ResultsTable.Num(items.GetValueOrDefault("slixmpp", double.NaN), "0")})",
            ResultsTable.Num(m, "0"), ResultsTable.Num(x, "0"), ResultsTable.Missing, ResultsTable.Num(m / x), "< 1,000 ms",
            double.IsNaN(m) ? "not measured" : m < 1000 ? "yes" : string.Create(CultureInfo.InvariantCulture, $"no: {m / 1000:0.0}× the target")));
        _table.Add(new TableRow("Big roster", $"`magpie roster list` whole process, ms ({contacts} contacts): Native AOT build; other = JIT build",
            ResultsTable.Num(la, "0"), ResultsTable.Missing, ResultsTable.Num(l, "0"), ResultsTable.Missing, "report", "—"));
        await TuiFirstFrameAsync(contacts);
    }

    /// <summary>The full-screen client, logged in to the big roster under tmux: process start → first frame
    /// on the terminal that shows the roster. JIT and Native AOT builds alternated.</summary>
    private async Task TuiFirstFrameAsync(string contacts)
    {
        const string Target = "< 1,000 ms (\"usable\")";
        if (!await TuiFirstFrame.AvailableAsync())
        {
            _table.Add(new TableRow("Big roster", "TUI first frame showing the roster", ResultsTable.Missing, ResultsTable.Missing,
                ResultsTable.Missing, ResultsTable.Missing, Target, "not measured: tmux is not installed"));
            return;
        }
        string[] account = ["--jid", $"{BigRoster}@{Server.Domain}", "--password-file", _passwordFile,
            "--server", $"{Server.Host}:{Server.C2sPort}", "--ca-file", Server.CaCertificatePath];
        var builds = new Dictionary<string, ProcessCommand> { ["magpie"] = paths.Magpie.Append(account) };
        if (paths.MagpieAot is not null)
            builds["magpie-aot"] = paths.MagpieAot.Append(account);
        var frames = builds.Keys.ToDictionary(k => k, _ => new List<double>());
        var shown = new HashSet<int>();
        var tui = new TuiFirstFrame(Server.RootDirectory);
        try
        {
            for (var rep = 0; rep < sizes.RosterLogins; rep++)
            {
                foreach (var name in Alternate(rep, [.. builds.Keys]))
                {
                    Console.Error.WriteLine($"tui first frame: {name}, repetition {rep + 1}");
                    var (ms, rows) = await tui.MeasureAsync(name + " tui", builds[name], TimeSpan.FromSeconds(60));
                    frames[name].Add(ms);
                    if (!double.IsNaN(ms))
                        shown.Add(rows);
                }
            }
        }
        finally
        {
            await tui.StopAsync();
        }
        var n = sizes.RosterLogins;
        string Verdict(double ms) => double.IsNaN(ms) ? "not measured" : ms < 1000 ? "yes"
            : string.Create(CultureInfo.InvariantCulture, $"no: {ms / 1000:0.00}× the target ({ms - 1000:0} ms over)");
        double jit = Stats.Median(frames["magpie"]), aot = frames.TryGetValue("magpie-aot", out var a) ? Stats.Median(a) : double.NaN;
        var rowsSeen = shown.Count == 0 ? "none" : string.Join("/", shown.Order().Select(Str));
        var what = $"TUI (`magpie` full-screen, tmux 120×40): process start → first drawn frame showing the roster, ms ({contacts} contacts; contact rows in that frame's model: {rowsSeen}; median of {n})";
        _table.Add(new TableRow("Big roster", what + ": Native AOT build as `./magpie` runs it", ResultsTable.Num(aot, "0"), ResultsTable.Missing, ResultsTable.Missing,
            ResultsTable.Missing, Target, paths.MagpieAot is null ? "not measured: the AOT build failed (see scripts/bench output)" : Verdict(aot)));
        _table.Add(new TableRow("Big roster", what + ": JIT build (`MAGPIE_JIT=1 ./magpie`)", ResultsTable.Num(jit, "0"), ResultsTable.Missing,
            ResultsTable.Missing, ResultsTable.Missing, "report", "—"));
        if (frames.Values.Any(list => list.Any(double.IsNaN)))
            _table.Note("TUI first frame: some runs failed (see the bench's stderr); the medians are of the runs that worked.");
    }
}
