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

    /// <summary>Reads the accounts; a missing file is an empty list.</summary>
    public IReadOnlyList<SavedAccount> Load()
    {
        if (!File.Exists(Path))
            return [];
        var accounts = new List<SavedAccount>();
        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadAllLines(Path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line == "[[account]]")
            {
                Flush(current, accounts);
                current = new Dictionary<string, string>(StringComparer.Ordinal);
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
        Flush(current, accounts);
        return accounts;
    }

    /// <summary>Adds or replaces the account with the same JID and writes the file (mode 600).</summary>
    public void Save(SavedAccount account)
    {
        var all = Load().Where(a => a.Jid != account.Jid).Append(account).ToList();
        var sb = new StringBuilder("# Magpie accounts. Passwords are never stored here; see password_command.\n");
        foreach (var a in all)
        {
            sb.Append("\n[[account]]\n");
            Write(sb, "jid", a.Jid);
            Write(sb, "server", a.Server);
            Write(sb, "ca_file", a.CaFile);
            Write(sb, "pin", a.Pin);
            Write(sb, "password_command", a.PasswordCommand);
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, sb.ToString());
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
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

    private static void Flush(Dictionary<string, string>? table, List<SavedAccount> into)
    {
        if (table is not null && table.TryGetValue("jid", out var jid))
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
