using System.Globalization;
using System.Text;

namespace Magpie.Xmpp.Extensions.OutOfBand;

/// <summary>XEP-0066 downloads: turns a name chosen by a stranger (a URL's last segment) into a plain file
/// name that stays inside the download folder on every platform, and finds a free one there.</summary>
public static class SafeFileName
{
    /// <summary>What a name that sanitises to nothing becomes.</summary>
    public const string Fallback = "download";

    private const int MaxUtf8Bytes = 200;

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    };

    /// <summary>The safe name for what <paramref name="url"/> points at: its last path segment, percent-decoded,
    /// then <see cref="Sanitize"/>d.</summary>
    public static string FromUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString;
        // Decode first: "%2e%2e%2fx" must be judged as the "../x" it becomes.
        return Sanitize(Uri.UnescapeDataString(path));
    }

    /// <summary>Makes a file name safe: the part after the last <c>/</c> or <c>\</c>; control, format and
    /// reserved characters replaced by <c>_</c>; leading and trailing dots and spaces removed (so never
    /// <c>.</c>, <c>..</c> or a hidden file); Windows device names (<c>CON</c>, <c>nul.txt</c>, <c>COM1</c>)
    /// prefixed with <c>_</c>; at most 200 UTF-8 bytes, keeping the extension; <see cref="Fallback"/> when
    /// nothing is left.</summary>
    public static string Sanitize(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return Fallback;
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        var basename = lastSeparator < 0 ? name : name[(lastSeparator + 1)..];
        var builder = new StringBuilder(basename.Length);
        foreach (var rune in basename.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var unsafeChar = Rune.IsControl(rune)
                || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                || rune.Value is '<' or '>' or ':' or '"' or '|' or '?' or '*' or 0xFFFD;
            if (unsafeChar)
                builder.Append('_');
            else
                builder.Append(rune.ToString());
        }
        var cleaned = builder.ToString().Trim(' ', '.', '\t');
        if (cleaned.Length == 0)
            return Fallback;
        var stem = cleaned.Split('.')[0].TrimEnd(' ');
        if (DeviceNames.Contains(stem))
            cleaned = "_" + cleaned;
        return Truncate(cleaned);
    }

    /// <summary>A path in <paramref name="directory"/> for <paramref name="fileName"/> that does not exist yet:
    /// the name itself, else <c>name (1).ext</c>, <c>name (2).ext</c>…; always inside the folder.</summary>
    /// <exception cref="ArgumentException">The name would leave the folder (it was not sanitised).</exception>
    /// <exception cref="IOException">No free name was found.</exception>
    public static string FindFreePath(string directory, string fileName)
    {
        for (var n = 0; n < 10_000; n++)
        {
            var path = CandidatePath(directory, fileName, n);
            if (!File.Exists(path) && !Directory.Exists(path) && !IsLink(path))
                return path;
        }
        throw new IOException($"No free file name for {fileName} in {directory}.");
    }

    internal static string CandidatePath(string directory, string fileName, int attempt)
    {
        var folder = Path.GetFullPath(directory);
        var name = attempt == 0 ? fileName : WithSuffix(fileName, attempt);
        var path = Path.GetFullPath(Path.Combine(folder, name));
        // The name went through Sanitize; this is the last line of defence, not the first.
        if (!string.Equals(Path.GetDirectoryName(path), Path.TrimEndingDirectorySeparator(folder), StringComparison.Ordinal))
            throw new ArgumentException($"'{fileName}' would leave the folder {folder}.", nameof(fileName));
        return path;
    }

    private static string WithSuffix(string fileName, int attempt)
    {
        var extension = Path.GetExtension(fileName);
        var stem = fileName[..^extension.Length];
        return Truncate($"{stem} ({attempt.ToString(CultureInfo.InvariantCulture)}){extension}");
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static string Truncate(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxUtf8Bytes)
            return name;
        var extension = Path.GetExtension(name);
        if (extension.Length > 16 || Encoding.UTF8.GetByteCount(extension) > 40)
            extension = "";
        var stem = name[..^extension.Length];
        var budget = MaxUtf8Bytes - Encoding.UTF8.GetByteCount(extension);
        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in stem.EnumerateRunes())
        {
            used += rune.Utf8SequenceLength;
            if (used > budget)
                break;
            builder.Append(rune.ToString());
        }
        return builder.ToString().TrimEnd(' ', '.') + extension;
    }
}
