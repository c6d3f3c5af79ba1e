using System.Text;

namespace Magpie.Xmpp.Testing;

/// <summary>One side's turn in a transcript.</summary>
/// <param name="FromClient">True for a <c>C:</c> turn (what the client must send), false for <c>S:</c> (what the server answers).</param>
/// <param name="Text">The XML of the turn, continuation lines included.</param>
/// <param name="Line">The line the turn starts on, for messages.</param>
public sealed record TranscriptBlock(bool FromClient, string Text, int Line);

/// <summary>
/// A recorded session in the protocol trace's format: <c>C: </c> lines are what the client must send,
/// <c>S: </c> lines what the server answers. A line without a prefix continues the previous one; lines
/// starting with <c>#</c> before any block, or <c>#!</c> anywhere, are comments.
/// </summary>
public sealed class Transcript
{
    private Transcript(string name, IReadOnlyList<TranscriptBlock> blocks)
    {
        Name = name;
        Blocks = blocks;
    }

    /// <summary>The name messages use (a file name, or <c>inline</c>).</summary>
    public string Name { get; }

    /// <summary>The turns, in order.</summary>
    public IReadOnlyList<TranscriptBlock> Blocks { get; }

    /// <summary>A transcript from blocks built in code: for server turns whose text is not line-oriented (a fuzzer's
    /// input may hold lines that look like <c>C: </c> or <c>#!</c>).</summary>
    public static Transcript FromBlocks(string name, IReadOnlyList<TranscriptBlock> blocks) => new(name, blocks);

    /// <summary>Parses a transcript.</summary>
    /// <param name="text">The transcript: <c>C: </c> and <c>S: </c> lines, continuations and comments.</param>
    /// <param name="name">The name messages use.</param>
    /// <exception cref="FormatException">A line is neither a turn, a continuation nor a comment.</exception>
    public static Transcript Parse(string text, string name = "inline")
    {
        var blocks = new List<TranscriptBlock>();
        StringBuilder? current = null;
        var side = false;
        var start = 0;
        var lineNumber = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            lineNumber++;
            if (raw.StartsWith("#!", StringComparison.Ordinal) || (current is null && (raw.StartsWith('#') || raw.Trim().Length == 0)))
                continue;
            if (raw.StartsWith("C: ", StringComparison.Ordinal) || raw.StartsWith("S: ", StringComparison.Ordinal))
            {
                Flush();
                side = raw[0] == 'C';
                current = new StringBuilder(raw[3..]);
                start = lineNumber;
            }
            else if (current is not null)
            {
                current.Append('\n').Append(raw);
            }
            else
            {
                throw new FormatException($"{name}:{lineNumber}: a transcript line must start with 'C: ' or 'S: '.");
            }
        }
        Flush();
        return new Transcript(name, blocks);

        void Flush()
        {
            if (current is null)
                return;
            // A trailing newline of the file is not part of the last block.
            var textValue = current.ToString().TrimEnd('\n');
            blocks.Add(new TranscriptBlock(side, textValue, start));
            current = null;
        }
    }

    /// <summary>Loads an embedded transcript from the given assembly by its logical name (e.g. <c>Transcripts/common/login.xmpp</c>).</summary>
    public static Transcript Load(System.Reflection.Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new FileNotFoundException($"No embedded transcript '{name}'. Known: {string.Join(", ", assembly.GetManifestResourceNames())}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd(), name);
    }
}
