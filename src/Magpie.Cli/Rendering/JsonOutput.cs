using System.Text;
using System.Text.Json;

namespace Magpie.Cli.Rendering;

/// <summary>
/// Writes one JSON document per line with <see cref="Utf8JsonWriter"/>: no reflection (Native AOT later),
/// and the default encoder escapes every control and non-ASCII character, so JSON is terminal-safe too.
/// </summary>
internal static class JsonOutput
{
    /// <summary>Writes the document <paramref name="write"/> produces, then a newline.</summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Flush();
    }
}
