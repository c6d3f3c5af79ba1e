using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Magpie.Prosody;

namespace Magpie.Benchmarks.Runner;

/// <summary>
/// <c>run</c>: every scenario of issue #8 in one go against one private Prosody, contenders alternated
/// inside each scenario and medians taken over repetitions, then one Markdown table.
/// </summary>
/// <remarks>Nothing here fails on timing: a missed target is a row in the table, not an exit code. Only a
/// contender that cannot run at all (or a bench bug) makes a figure "—" and adds a note.</remarks>
public sealed partial class BenchRunner(BenchSizes sizes, RunnerPaths paths, IReadOnlySet<string>? only = null)
{
    private const string Password = "bench-password-1";
    private const string Sender = "sender";
    private const string Receiver = "receiver";
    private const string Loginer = "loginer";
    private const string BigRoster = "bigroster";

    private readonly ResultsTable _table = new();
    private ProsodyServer? _server;
    private string _passwordFile = "";

    private ProsodyServer Server => _server ?? throw new InvalidOperationException("Prosody is not running.");

    public async Task<int> RunAsync()
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = MachineInfo.LoadAverage();
        var clock = Stopwatch.StartNew();
        if (only is null || only.Contains("parser"))
            await ParserAsync();

        // MAM off: with archiving Prosody saturates a core long before either client does (issue #8).
        await using (_server = await StartServerAsync())
        {
            await Scenario("end to end", EndToEndAsync);
            await Scenario("login", LoginAsync);
            await Scenario("idle sessions", IdleSessionsAsync);
            await Scenario("one-shot send", OneShotAsync);
            await Scenario("verbs", VerbsAsync);
            await Scenario("jingle", JingleAsync);
            await Scenario("listen", ListenAsync);
        }
        // The big roster gets a server of its own: after the scenarios above (a thousand idle sessions among
        // them) both clients' roster figures, slixmpp's too, came out about twice as slow as on a fresh one.
        if (only is null || only.Contains("big"))
        {
            await using (_server = await StartServerAsync())
                await Scenario("big roster", BigRosterAsync);
        }

        var title = sizes.Quick
            ? "Magpie benchmarks — QUICK RUN (reduced sizes: checks the harness, not the issue's figures)"
            : "Magpie benchmarks";
        var header = string.Join("\n", new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"Run: {started:yyyy-MM-dd HH:mm} UTC, {clock.Elapsed.TotalMinutes:0.0} min, `scripts/bench{(sizes.Quick ? " --quick" : "")}`."),
            "Machine: " + MachineInfo.Describe() + ".",
            // Other developers build and test on this machine: the load says how much to trust the digits.
            loadBefore is null ? "" : $"Load average (1 / 5 / 15 min; 2 cores): {loadBefore} at the start, {MachineInfo.LoadAverage()} at the end.",
            "Contenders: " + await DescribeContendersAsync() + ".",
            DescribeSizes(),
            "Ratios are Magpie ÷ the anchor (slixmpp, or go-sendxmpp for one-shot send, or the bare XmlReader for the parser), "
            + "from figures of the same run; each figure is the median of the repetitions, contenders alternated.",
        }.Where(l => l.Length > 0).Select(l => l + "  "));
        if (paths.Label is { Length: > 0 } label)
            _table.Note(label);
        var markdown = _table.Render(title, header);
        Console.WriteLine();
        Console.WriteLine(markdown);
        await File.WriteAllTextAsync(paths.Output, markdown);
        Console.Error.WriteLine($"Written to {paths.Output}");
        return 0;
    }

    /// <summary><c>serve</c>: the bench's Prosody with its accounts and big roster, kept up for
    /// <paramref name="seconds"/> so a contender can be profiled by hand (dotnet-trace, dotnet-counters).</summary>
    public async Task<int> ServeAsync(int seconds)
    {
        await using (_server = await ProsodyServer.StartAsync(new ProsodyOptions { EnableMam = false }))
        {
            _passwordFile = Path.Combine(Server.RootDirectory, "password");
            await File.WriteAllTextAsync(_passwordFile, Password + "\n");
            foreach (var user in new[] { Sender, Receiver, Loginer, BigRoster })
                await Server.CreateUserAsync(user, Password);
            RosterSeeder.Write(Server.DataDirectory, Server.Domain, BigRoster, sizes.RosterContacts);
            Console.WriteLine(string.Join(' ', Account(Sender)));
            Console.WriteLine($"users: {Sender} {Receiver} {Loginer} {BigRoster} (big roster); up for {seconds} s");
            // Ctrl+C or kill ends the wait, and the await using above still stops Prosody.
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Time is up or we were asked to stop.
            }
        }
        return 0;
    }

    /// <summary>Runs one scenario; a scenario that breaks becomes a note, the others still run.</summary>
    private async Task<ProsodyServer> StartServerAsync()
    {
        var server = await ProsodyServer.StartAsync(new ProsodyOptions { EnableMam = false });
        _passwordFile = Path.Combine(server.RootDirectory, "password");
        await File.WriteAllTextAsync(_passwordFile, Password + "\n");
        foreach (var user in new[] { Sender, Receiver, Loginer, BigRoster })
            await server.CreateUserAsync(user, Password);
        RosterSeeder.Write(server.DataDirectory, server.Domain, BigRoster, sizes.RosterContacts);
        return server;
    }

    private async Task Scenario(string name, Func<Task> body)
    {
        if (only is not null && !only.Contains(name.Split(' ')[0]))
            return;
        Console.Error.WriteLine($"== {name}");
        try
        {
            await body();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            Console.Error.WriteLine($"{name} failed: {ex.Message}");
            _table.Note($"{name}: could not be measured in this run: {FirstLine(ex.Message)}");
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    private string DescribeSizes() => string.Create(CultureInfo.InvariantCulture,
        $"Sizes: e2e {sizes.E2eMessages:N0} messages (+{sizes.E2eWarmup:N0} warm-up in {sizes.E2eWarmupRounds} rounds) × {sizes.E2eRepetitions} per contender; login {sizes.LoginRounds}×{sizes.LoginsPerRound}; "
        + $"idle {sizes.IdleSessions} sessions × {sizes.IdleRepetitions}; one-shot × {sizes.OneShotRepetitions}; listen {sizes.ListenSmall:N0} and {sizes.ListenLarge:N0} messages × {sizes.ListenRounds}; "
        + $"roster {sizes.RosterContacts:N0} contacts × {2 * sizes.RosterLogins} logins; parser rounds {sizes.ParserRounds}.");

    private async Task<string> DescribeContendersAsync()
    {
        var slix = "slixmpp (version unknown)";
        try
        {
            var probe = new ProcessCommand(paths.Python, ["-c",
                "import slixmpp, importlib.util as u; print(slixmpp.__version__, 'with' if u.find_spec('slixmpp.stringprep') and u.find_spec('slixmpp.stringprep').origin.endswith('.so') else 'without')"]);
            var start = probe.ToStartInfo();
            start.RedirectStandardOutput = true;
            using var p = Process.Start(start)!;
            var text = (await p.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
            await p.WaitForExitAsync();
            if (text.Length == 2)
                slix = $"slixmpp {text[0]} on {paths.Python} ({text[1]} the python3-slixmpp-lib C module)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            slix = $"slixmpp: {paths.Python} not found";
        }
        var go = paths.GoSendXmpp is null ? "go-sendxmpp not installed" : "go-sendxmpp (Debian)";
        var aot = paths.MagpieAot is null ? "no Native AOT build" : "and `magpie` also as a Native AOT build";
        return $"Magpie (Release, JIT; {aot}), {slix}, {go}, Prosody from Debian (MAM off, 127.0.0.1)";
    }

    // ---- shared helpers for the client scenarios ----

    private string[] Account(string user) =>
    [
        "--jid", $"{user}@{Server.Domain}", "--host", Server.Host, "--port", Server.C2sPort.ToString(CultureInfo.InvariantCulture),
        "--ca", Server.CaCertificatePath, "--password-file", _passwordFile,
    ];

    private ProcessCommand MagpieMode(string mode, params string[] args) => paths.Self.Append([mode, .. args]);

    private ProcessCommand SlixScript(string script, params string[] args) =>
        new(paths.Python, [Path.Combine(paths.SlixmppDirectory, script), .. args]);

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The contenders in an order that alternates with the repetition, so neither always goes first.</summary>
    private static IEnumerable<T> Alternate<T>(int repetition, params T[] contenders)
    {
        var shift = repetition % contenders.Length;
        return contenders.Skip(shift).Concat(contenders.Take(shift));
    }

    private static double Get(JsonObject result, string key) =>
        result.TryGetPropertyValue(key, out var node) && node is not null ? node.GetValue<double>() : double.NaN;

    private static IEnumerable<double> Series(JsonObject result, string prefix) =>
        result.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.Value!.GetValue<double>());

    private static async Task<JsonObject> RunToResultAsync(string name, ProcessCommand command, TimeSpan timeout)
    {
        await using var child = ChildProcess.Start(name, command);
        return await child.WaitResultAsync(timeout);
    }
}
