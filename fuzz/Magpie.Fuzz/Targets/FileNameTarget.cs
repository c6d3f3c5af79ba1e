using System.Text;
using Magpie.Xmpp.Extensions.OutOfBand;

namespace Magpie.Fuzz.Targets;

/// <summary>
/// Safe file names for downloads (<see cref="SafeFileName"/>). Input: a mode byte (bit 0: UTF-8 or UTF-16; bit 1: the
/// text is a URL for <see cref="SafeFileName.FromUrl"/> instead of a name).
/// Oracles: the name is never empty, <c>.</c> or <c>..</c>; holds no <c>/</c>, <c>\</c>, control, format, separator,
/// private-use or unassigned character, nor a character Windows reserves; does not start or end with a dot or space;
/// is at most 200 UTF-8 bytes; is not a Windows device name; sanitising it again changes nothing; its candidate paths
/// (<c>name</c>, <c>name (1)</c>, …) stay directly inside the download folder; nothing undocumented is thrown.
/// </summary>
public static class FileNameTarget
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "magpie-fuzz-downloads");

    public static void Run(byte[] data)
    {
        if (data.Length < 1)
            return;
        var mode = data[0];
        var text = Input.Text(mode, data.AsSpan(1));
        Oracle.Bounded(data.Length, TimeSpan.FromSeconds(1), 2 << 20, 400, () =>
        {
            string name;
            if ((mode & 2) != 0)
            {
                if (!Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var url))
                    return;
                try
                {
                    name = SafeFileName.FromUrl(url);
                }
                catch (Exception ex)
                {
                    throw new FuzzFinding("SafeFileName.FromUrl threw", ex);
                }
            }
            else
            {
                name = SafeFileName.Sanitize(text);
            }
            Check(name);
        });
    }

    private static void Check(string name)
    {
        Oracle.Check(name.Length > 0 && name is not "." and not "..", $"unsafe name \"{name}\"");
        Oracle.Check(!name.StartsWith('.') && !name.EndsWith('.') && !name.StartsWith(' ') && !name.EndsWith(' '), $"name \"{name}\" starts or ends with a dot or space");
        Oracle.Check(Encoding.UTF8.GetByteCount(name) <= 200, $"name of {Encoding.UTF8.GetByteCount(name)} UTF-8 bytes");
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var bad = Rune.IsControl(rune) || rune.Value is '/' or '\\' or '<' or '>' or ':' or '"' or '|' or '?' or '*' or 0xFFFD
                || category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
                    or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.PrivateUse
                    or System.Globalization.UnicodeCategory.OtherNotAssigned or System.Globalization.UnicodeCategory.Surrogate;
            Oracle.Check(!bad, $"name \"{name}\" holds U+{rune.Value:X4}");
        }
        var stem = name.Split('.')[0].TrimEnd(' ');
        Oracle.Check(!IsDevice(stem), $"name \"{name}\" is a Windows device name");
        Oracle.Check(SafeFileName.Sanitize(name) == name, $"sanitising \"{name}\" again changes it to \"{SafeFileName.Sanitize(name)}\"");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            string path;
            try
            {
                path = SafeFileName.CandidatePath(Folder, name, attempt);
            }
            catch (Exception ex)
            {
                throw new FuzzFinding($"no candidate path {attempt} for the safe name \"{name}\"", ex);
            }
            Oracle.Check(Path.GetDirectoryName(path) == Folder, $"candidate \"{path}\" is not directly inside {Folder}");
            var candidate = Path.GetFileName(path);
            Oracle.Check(Encoding.UTF8.GetByteCount(candidate) <= 200 && !candidate.EndsWith('.') && !candidate.EndsWith(' '), $"candidate name \"{candidate}\" is unsafe");
        }
    }

    private static bool IsDevice(string stem)
    {
        var upper = stem.ToUpperInvariant();
        if (upper is "CON" or "PRN" or "AUX" or "NUL" or "CONIN$" or "CONOUT$" or "CLOCK$")
            return true;
        return upper.Length == 4 && (upper.StartsWith("COM", StringComparison.Ordinal) || upper.StartsWith("LPT", StringComparison.Ordinal))
            && (char.IsAsciiDigit(upper[3]) || upper[3] is '¹' or '²' or '³');
    }
}
