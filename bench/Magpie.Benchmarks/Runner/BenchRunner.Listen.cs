using System.Globalization;

namespace Magpie.Benchmarks.Runner;

/// <summary><c>magpie listen</c> as a user runs it (issue #14): the <c>./magpie</c> wrapper, defaults on, history
/// storage on (a fresh XDG home for every run), against slixmpp's receiver, with slixmpp's sender flat out for both.</summary>
public sealed partial class BenchRunner
{
    private async Task ListenAsync()
    {
        if (paths.Wrapper is null)
        {
            _table.Note("listen: not measured: no ./magpie wrapper given (--wrapper).");
            return;
        }
        var to = $"{Receiver}@{Server.Domain}";
        string[] account = ["--jid", $"{Receiver}@{Server.Domain}", "--password-file", _passwordFile,
            "--server", $"{Server.Host}:{Server.C2sPort}", "--ca-file", Server.CaCertificatePath];
        int small = sizes.ListenSmall, large = sizes.ListenLarge;
        var cpu = new Dictionary<string, Dictionary<int, List<double>>>
        {
            ["magpie"] = new() { [small] = [], [large] = [] },
            ["slixmpp"] = new() { [small] = [], [large] = [] },
        };
        var run = 0;
        for (var round = 0; round < sizes.ListenRounds; round++)
        {
            foreach (var n in round % 2 == 0 ? new[] { small, large } : [large, small])
            {
                foreach (var name in Alternate(round, "magpie", "slixmpp"))
                {
                    Console.Error.WriteLine($"listen: {name}, round {round + 1}, {n:N0} messages");
                    var timeout = TimeSpan.FromSeconds(60 + n / 200.0);
                    ProcessCommand receiver;
                    Dictionary<string, string>? environment = null;
                    if (name == "magpie")
                    {
                        var home = Directory.CreateDirectory(Path.Combine(Server.RootDirectory, $"listen-home-{++run}")).FullName;
                        environment = UserEnvironment(home);
                        receiver = WholeProcess("listening as", paths.Wrapper.Append(["listen", .. account, "--count", Str(n)]));
                    }
                    else
                    {
                        receiver = WholeProcess("READY", SlixScript("e2e_recv.py", [.. Account(Receiver), "--count", Str(n), "--timeout", Str((int)timeout.TotalSeconds)]));
                    }
                    await using var listening = ChildProcess.Start(name + " listen", receiver, environment);
                    await listening.WaitReadyAsync(TimeSpan.FromSeconds(60));
                    await using var sender = ChildProcess.Start(name + " listen's sender",
                        SlixScript("e2e_send.py", [.. Account(Sender), "--count", Str(n), "--timeout", Str((int)timeout.TotalSeconds), "--to", to]));
                    var result = await listening.WaitResultAsync(timeout);
                    await sender.WaitResultAsync(timeout);
                    if (Get(result, "exit") != 0)
                        throw new InvalidOperationException($"{name} listen exited with code {Get(result, "exit")}.");
                    cpu[name][n].Add(Get(result, "cpu_s"));
                }
            }
        }
        // Marginal CPU: what the extra messages cost, start-up and login cancelled out.
        double PerMessage(string name) => (Stats.Median(cpu[name][large]) - Stats.Median(cpu[name][small])) / (large - small) * 1e6;
        double m = PerMessage("magpie"), x = PerMessage("slixmpp");
        var what = string.Create(CultureInfo.InvariantCulture,
            $"`./magpie listen` as a user runs it (wrapper, AOT, history on), a slixmpp sender flat out: receiving CPU µs per message, whole process (marginal: N={large:N0} minus N={small:N0}, medians of {sizes.ListenRounds}); slixmpp = its receiver, measured alike");
        _table.Add(new TableRow("Verbs", what, ResultsTable.Num(m, "0.0"), ResultsTable.Num(x, "0.0"), ResultsTable.Missing,
            ResultsTable.Num(m / x, "0.00"), "≤ 1/5 of slixmpp", ResultsTable.AtMost(m / x, 0.2)));
    }

    /// <summary>Runs <paramref name="command"/> under <c>whole_process.py</c>: READY when a line holds
    /// <paramref name="ready"/>, and the whole process's CPU (user + system, from wait4) in its RESULT.</summary>
    private ProcessCommand WholeProcess(string ready, ProcessCommand command) =>
        new(paths.Python, [Path.Combine(paths.SlixmppDirectory, "whole_process.py"), "--ready", ready, "--", command.FileName, .. command.Arguments]);
}
