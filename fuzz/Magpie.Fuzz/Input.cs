using System.Text;

namespace Magpie.Fuzz;

/// <summary>Helpers that turn fuzzer bytes into the values a target needs.</summary>
public static class Input
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Bytes as UTF-8 text (invalid sequences become U+FFFD).</summary>
    public static string Utf8Text(ReadOnlySpan<byte> data) => Utf8.GetString(data);

    /// <summary>Bytes as UTF-16 code units, little-endian: reaches every <c>char</c>, unpaired surrogates included.</summary>
    public static string Utf16Text(ReadOnlySpan<byte> data)
    {
        var chars = new char[data.Length / 2];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = (char)(data[2 * i] | (data[2 * i + 1] << 8));
        return new string(chars);
    }

    /// <summary>Text from the bytes after a first "mode" byte: its low bit picks UTF-8 or UTF-16.</summary>
    public static string Text(byte mode, ReadOnlySpan<byte> rest) => (mode & 1) == 0 ? Utf8Text(rest) : Utf16Text(rest);

    /// <summary>Splits on zero bytes (at most <paramref name="max"/> parts, the last taking the rest).</summary>
    public static List<byte[]> Split(ReadOnlySpan<byte> data, int max)
    {
        var parts = new List<byte[]>();
        while (parts.Count < max - 1)
        {
            var zero = data.IndexOf((byte)0);
            if (zero < 0)
                break;
            parts.Add(data[..zero].ToArray());
            data = data[(zero + 1)..];
        }
        parts.Add(data.ToArray());
        return parts;
    }
}
