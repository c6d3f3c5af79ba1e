using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using Magpie.Xmpp.Xml;

namespace Magpie.Cli.Commands;

/// <summary>
/// The one check for text our own user gives that goes into a stanza (a message, a status, a nick, a reason,
/// a name, a line of <c>send -</c>, a line typed in the full-screen client): XML 1.0, and so XMPP, cannot carry
/// the C0 controls other than tab and line breaks (ESC, U+0001, …), U+FFFE, U+FFFF or unpaired surrogates.
/// Such text is refused with a message naming the character, before anything is sent; nothing is stripped
/// silently. The library refuses it too (<see cref="XmlCharacterException"/>), which
/// <see cref="ExitCodes.Classify"/> reports as a usage error for whatever this check did not see first.
/// </summary>
internal static class UserText
{
    /// <summary>Why <paramref name="text"/> cannot be sent, or null when it can:
    /// "it holds U+0001 (character 5), which XMPP cannot carry".</summary>
    /// <param name="text">The text; null passes.</param>
    /// <param name="readFromStandardInput">The text is a line read by <see cref="StandardInput"/>, where U+FFFF
    /// stands for bytes that were not UTF-8.</param>
    public static string? Problem(string? text, bool readFromStandardInput = false)
    {
        if (text is null)
            return null;
        var index = XmlChars.IndexOfInvalid(text);
        if (index < 0)
            return null;
        return readFromStandardInput && text[index] == NotUtf8
            ? $"it holds bytes that are not UTF-8 (character {index + 1}), which XMPP cannot carry"
            : $"it holds {XmlChars.Describe(text[index])} (character {index + 1}), which XMPP cannot carry";
    }

    /// <summary>What <see cref="StandardInput"/> reads in place of bytes that are not UTF-8: U+FFFF, which XML cannot
    /// carry either, so such a line is refused like any other instead of being sent with U+FFFD in it.</summary>
    public const char NotUtf8 = '\uFFFF';

    /// <summary>Standard input decoded as UTF-8, each malformed sequence read as <see cref="NotUtf8"/>.</summary>
    public static TextReader StandardInput() => StrictUtf8Reader(Console.OpenStandardInput());

    /// <summary>A reader over <paramref name="stream"/> as <see cref="StandardInput"/> reads.</summary>
    public static TextReader StrictUtf8Reader(Stream stream) =>
        new StreamReader(stream,
            Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, new DecoderReplacementFallback(NotUtf8.ToString())),
            detectEncodingFromByteOrderMarks: false);

    /// <summary>Checks every value typed on the command line, except file paths (those go to the file system,
    /// not into a stanza), before anything connects.</summary>
    /// <exception cref="UsageException">A value holds a character XML 1.0 forbids; the message names the
    /// argument or option and the character.</exception>
    public static void CheckCommandLine(ParseResult result)
    {
        for (var command = result.CommandResult; command is not null; command = command.Parent as CommandResult)
        {
            foreach (var child in command.Children)
            {
                var (symbol, tokens) = child switch
                {
                    ArgumentResult a => ((Symbol)a.Argument, a.Tokens),
                    OptionResult o => (o.Option, o.Tokens),
                    _ => (null, []),
                };
                if (symbol is null || IsPath(symbol))
                    continue;
                foreach (var token in tokens)
                {
                    if (Problem(token.Value) is { } problem)
                        throw new UsageException($"{symbol.Name}: {problem}; nothing was sent.");
                }
            }
        }
    }

    private static bool IsPath(Symbol symbol) =>
        symbol.Name is "FILE" or "--out" or "--xml-log" || symbol.Name.EndsWith("-file", StringComparison.Ordinal);
}
