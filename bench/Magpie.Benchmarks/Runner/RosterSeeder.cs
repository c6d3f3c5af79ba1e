using System.Globalization;
using System.Text;

namespace Magpie.Benchmarks.Runner;

/// <summary>Gives an account a big roster by writing Prosody's roster store file directly (internal storage,
/// a Lua table). Thousands of in-band roster sets would make Prosody rewrite the whole file each time; one
/// write of the final file is instant. Prosody reads the store at login, so no restart is needed.</summary>
public static class RosterSeeder
{
    public static void Write(string dataDirectory, string host, string user, int contacts)
    {
        // Prosody's datamanager escapes every non-alphanumeric byte of host and user as %XX.
        var dir = Path.Combine(dataDirectory, Escape(host), "roster");
        Directory.CreateDirectory(dir);
        var lua = new StringBuilder(contacts * 120);
        lua.Append("return {\n\t[false] = { [\"version\"] = 1; [\"pending\"] = {}; };\n");
        for (var i = 0; i < contacts; i++)
        {
            lua.Append(CultureInfo.InvariantCulture,
                $"\t[\"contact{i}@{host}\"] = {{ [\"subscription\"] = \"both\"; [\"name\"] = \"Contact {i}\"; [\"groups\"] = {{ [\"Group {i % 25}\"] = true; }}; }};\n");
        }
        lua.Append("};\n");
        File.WriteAllText(Path.Combine(dir, Escape(user) + ".dat"), lua.ToString());
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b))
                sb.Append((char)b);
            else
                sb.Append(CultureInfo.InvariantCulture, $"%{b:x2}");
        }
        return sb.ToString();
    }
}
