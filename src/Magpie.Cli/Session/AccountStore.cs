using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Magpie.Cli.Session;

/// <summary>
/// Remembered accounts in <c>$XDG_CONFIG_HOME/magpie/config.toml</c> (else <c>~/.config/magpie</c>):
/// a tiny TOML subset, one <c>[[account]]</c> table per account with string keys. Passwords are never
/// stored; an account may name a <c>password_command</c> (e.g. <c>pass show xmpp</c>) whose first output
/// line is the password.
/// </summary>
internal sealed class AccountStore(string path)
{
    /// <summary>The config file.</summary>
    public string Path { get; } = path;

    /// <summary>The default location from the environment.</summary>
    public static AccountStore FromEnvironment(System.Collections.IDictionary environment)
    {
        var config = environment["XDG_CONFIG_HOME"] as string;
        if (string.IsNullOrEmpty(config))
            config = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new AccountStore(System.IO.Path.Combine(config, "magpie", "config.toml"));
    }

    /// <summary>The store from the given environment only (an absolute <c>XDG_CONFIG_HOME</c>, else <c>HOME</c>), never
    /// the process's, so that an in-process run with an empty environment cannot touch the user's real files; null
    /// when neither is set.</summary>
    public static AccountStore? FromGivenEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        if (getVariable("XDG_CONFIG_HOME") is { } xdg && System.IO.Path.IsPathFullyQualified(xdg))
            return new AccountStore(System.IO.Path.Combine(xdg, "magpie", "config.toml"));
        if (getVariable("HOME") is { } home && System.IO.Path.IsPathFullyQualified(home))
            return new AccountStore(System.IO.Path.Combine(home, ".config", "magpie", "config.toml"));
        return null;
    }

    /// <summary>Reads the accounts; a missing file is an empty list.</summary>
    public IReadOnlyList<SavedAccount> Load()
    {
        var accounts = new List<SavedAccount>();
        foreach (var table in ReadTables(Path))
            Flush(table, accounts);
        return accounts;
    }

    /// <summary>The full-screen client's colours: <c>theme = "dark"</c> or <c>"light"</c> at the top of the file (before
    /// any <c>[[account]]</c>); null when not set.</summary>
    public string? Theme => ReadTopLevel(Path).GetValueOrDefault("theme");

    /// <summary>The <c>key = "value"</c> lines before the first table, kept when the accounts are written.</summary>
    private static Dictionary<string, string> ReadTopLevel(string path)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        ReadTables(path, settings);
        return settings;
    }

    /// <summary>The <c>[[account]]</c> tables of a file in the TOML subset; a missing file has none. Keys before the
    /// first table go to <paramref name="topLevel"/> when given.</summary>
    private static List<Dictionary<string, string>> ReadTables(string path, Dictionary<string, string>? topLevel = null)
    {
        var tables = new List<Dictionary<string, string>>();
        if (!File.Exists(path))
            return tables;
        Dictionary<string, string>? current = topLevel;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith('['))
                current = null; // a table we do not know: its keys are not top-level ones
            if (line == "[[account]]")
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                tables.Add(current);
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (current is null || eq < 0)
                continue;
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                current[key] = Unescape(value[1..^1]);
        }
        return tables;
    }

    /// <summary>Adds or replaces the account with the same JID and writes the file (mode 600).</summary>
    public void Save(SavedAccount account) => Write(Load().Where(a => a.Jid != account.Jid).Append(account).ToList());

    /// <summary>Drops the account <paramref name="jid"/> (a bare JID), e.g. once it is deleted on the server, so it is
    /// not offered again; nothing happens when it is not remembered.</summary>
    public void Forget(string jid)
    {
        var all = Load();
        var kept = all.Where(a => !string.Equals(a.Jid, jid, StringComparison.OrdinalIgnoreCase)).ToList();
        if (kept.Count != all.Count)
            Write(kept);
    }

    /// <summary><see cref="Forget"/>, for an account deleted on the server: a file that cannot be written is left
    /// as it is (the account is gone either way); says whether the file is now without it.</summary>
    public bool TryForget(string jid)
    {
        try
        {
            Forget(jid);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Write(List<SavedAccount> all)
    {
        var sb = new StringBuilder("# Magpie accounts. Passwords are never stored here; see password_command.\n");
        foreach (var (key, value) in ReadTopLevel(Path))
            Write(sb, key, value); // settings such as theme stay
        foreach (var a in all)
        {
            sb.Append("\n[[account]]\n");
            Write(sb, "jid", a.Jid);
            Write(sb, "server", a.Server);
            Write(sb, "ca_file", a.CaFile);
            Write(sb, "pin", a.Pin);
            Write(sb, "password_command", a.PasswordCommand);
        }
        PrivateFile.WriteAllText(Path, sb.ToString());
    }

    /// <summary>Where the SASL memory lives: <c>sasl.toml</c> beside the config file. Kept apart from the saved accounts
    /// because every account that logs in is remembered, saved or not.</summary>
    public string SaslMemoryPath => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "sasl.toml");

    /// <summary>The SCRAM mechanisms the server of <paramref name="bareJid"/> offered at an earlier login (empty when
    /// none are remembered): a later offer without SCRAM is then a downgrade.</summary>
    public IReadOnlyList<string> RememberedScram(string bareJid)
    {
        var remembered = LoadSaslMemory().GetValueOrDefault(bareJid);
        return remembered is null ? [] : remembered.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Remembers which SCRAM mechanisms the server of <paramref name="bareJid"/> offered (of all it offered),
    /// or forgets them when it offered none. Writes only when that changes.</summary>
    public void RememberOffer(string bareJid, IEnumerable<string> offered)
    {
        var scram = string.Join(' ', offered.Where(IsScram).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var memory = LoadSaslMemory();
        if (memory.GetValueOrDefault(bareJid) == (scram.Length == 0 ? null : scram))
            return;
        if (scram.Length == 0)
            memory.Remove(bareJid);
        else
            memory[bareJid] = scram;
        var sb = new StringBuilder("# What each account's server offered for SASL, so that magpie refuses a server that later offers only PLAIN.\n");
        foreach (var (jid, mechanisms) in memory.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append("\n[[account]]\n");
            Write(sb, "jid", jid);
            Write(sb, "scram", mechanisms);
        }
        PrivateFile.WriteAllText(SaslMemoryPath, sb.ToString());
    }

    private static bool IsScram(string mechanism) => mechanism.StartsWith("SCRAM-", StringComparison.OrdinalIgnoreCase);

    private Dictionary<string, string> LoadSaslMemory()
    {
        var memory = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in ReadTables(SaslMemoryPath))
        {
            if (table.TryGetValue("jid", out var jid) && table.TryGetValue("scram", out var scram))
                memory[jid] = scram;
        }
        return memory;
    }

    /// <summary>Runs <paramref name="command"/> through the shell and returns its first output line.</summary>
    public static async Task<string?> RunPasswordCommandAsync(string command, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + command);
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 && !string.IsNullOrEmpty(line) ? line : null;
    }

    private static void Flush(Dictionary<string, string> table, List<SavedAccount> into)
    {
        if (table.TryGetValue("jid", out var jid))
        {
            into.Add(new SavedAccount(jid, table.GetValueOrDefault("server"), table.GetValueOrDefault("ca_file"),
                table.GetValueOrDefault("pin"), table.GetValueOrDefault("password_command")));
        }
    }

    private static void Write(StringBuilder sb, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        sb.Append(key).Append(" = \"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (c < 0x20)
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        sb.Append("\"\n");
    }

    private static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                var n = s[++i];
                if (n == 'u' && i + 4 < s.Length && int.TryParse(s.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    sb.Append((char)code);
                    i += 4;
                }
                else
                    sb.Append(n switch { 'n' => '\n', 't' => '\t', _ => n });
            }
            else
                sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
