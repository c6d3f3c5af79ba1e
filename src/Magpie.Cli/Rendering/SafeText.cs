using System.Globalization;
using System.Text;

namespace Magpie.Cli.Rendering;

/// <summary>
/// The one sanitiser for text another party controls (server messages, peer names, stanza error text)
/// before it reaches the terminal. Anything that could move the cursor, recolour, retitle or reorder
/// the display is replaced with a visible escape such as <c>\x1b</c> or <c>\u202e</c>.
/// </summary>
internal static class SafeText
{
    /// <summary>Returns <paramref name="text"/> with every dangerous character made visible.</summary>
    /// <param name="text">Untrusted text; null gives an empty string.</param>
    /// <param name="allowLineBreaks">Keep <c>\n</c> and <c>\t</c> (multi-line bodies); a CR before LF is dropped.</param>
    public static string Sanitize(string? text, bool allowLineBreaks = false)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        if (!NeedsWork(text, allowLineBreaks))
            return text; // the common case allocates nothing
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }
            if (allowLineBreaks && c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                continue; // CRLF → LF; a lone CR could overwrite the line, so it stays escaped
            if (IsDangerous(c, allowLineBreaks))
                AppendEscape(sb, c);
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Like <see cref="Sanitize"/> for one-line messages: our own line breaks become spaces first.</summary>
    public static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        var flattened = text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ');
        return Sanitize(flattened.Trim());
    }

    private static bool NeedsWork(string text, bool allowLineBreaks)
    {
        foreach (var c in text)
        {
            if (IsDangerous(c, allowLineBreaks) || char.IsSurrogate(c) || c == '\r')
                return true;
        }
        return false;
    }

    private static bool IsDangerous(char c, bool allowLineBreaks)
    {
        if (c is '\n' or '\t')
            return !allowLineBreaks;
        return c < 0x20 // C0, including ESC
            || c is >= '\u007f' and <= '\u009f' // DEL and C1 (CSI U+009B is an escape sequence on its own)
            || c is >= '\u202a' and <= '\u202e' // bidi embeddings and overrides
            || c is >= '\u2066' and <= '\u2069' // bidi isolates
            || c is '\u200e' or '\u200f' or '\u061c' // bidi marks
            || c is '\u2028' or '\u2029' // line/paragraph separators: line breaks some terminals honour
            || char.IsSurrogate(c); // only reached for unpaired halves
    }

    private static void AppendEscape(StringBuilder sb, char c)
    {
        if (c <= '\u00ff')
            sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
        else
            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
    }
}
