using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Magpie.Xmpp;

namespace Magpie.Cli.Session;

/// <summary>Where local history lives: <c>$XDG_DATA_HOME/magpie/</c> (default <c>~/.local/share/magpie/</c>),
/// one database per account, named after its bare JID.</summary>
internal static class HistoryPaths
{
    /// <summary>The data directory from the given environment, or null when neither an absolute
    /// <c>XDG_DATA_HOME</c> nor <c>HOME</c> is set. Only that environment is read (never the process's), so
    /// an in-process run with an empty environment cannot touch the user's real files.</summary>
    public static string? DataDirectory(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        // The XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored.
        if (getVariable("XDG_DATA_HOME") is { } xdg && Path.IsPathFullyQualified(xdg))
            return Path.Combine(xdg, "magpie");
        if (getVariable("HOME") is { } home && Path.IsPathFullyQualified(home))
            return Path.Combine(home, ".local", "share", "magpie");
        return null;
    }

    /// <summary>The database file for <paramref name="account"/> in <paramref name="directory"/>.</summary>
    public static string DatabasePath(string directory, Jid account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Path.Combine(directory, FileName(account));
    }

    /// <summary>A file name from the bare JID: letters, digits, '.', '-' and '@' are kept, everything else
    /// (including '_', '/' and '\') becomes <c>_XX</c> per UTF-8 byte, so distinct JIDs never share a file and
    /// no JID can climb out of the directory. Very long JIDs are cut and suffixed with a hash.</summary>
    public static string FileName(Jid account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var bare = account.Bare.ToString();
        var name = new StringBuilder(bare.Length + 3);
        foreach (var b in Encoding.UTF8.GetBytes(bare))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '@')
                name.Append(c);
            else
                name.Append('_').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        if (name[0] == '.')
        {
            // A leading dot would hide the file (and "." or ".." alone are directories).
            name.Remove(0, 1).Insert(0, "_2E");
        }
        if (name.Length > 180)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(bare)))[..16];
            name.Length = 160;
            name.Append('~').Append(hash);
        }
        return name.Append(".db").ToString();
    }
}
