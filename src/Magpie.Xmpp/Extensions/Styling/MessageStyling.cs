namespace Magpie.Xmpp.Extensions.Styling;

/// <summary>XEP-0393 Message Styling: parses a received plain-text body into styled runs. The styling
/// directives stay in the text (§6 recommends showing them), so the runs' text is exactly the body.</summary>
public static class MessageStyling
{
    // Bounds the recursion of quotations and nested spans; deeper input is shown as plain text.
    private const int MaxQuoteDepth = 16;
    private const int MaxSpanDepth = 8;

    /// <summary>Parses <paramref name="body"/>.</summary>
    public static StyledText Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var output = new StyledText();
        var lines = body.Split('\n').Select(l => new Line("", l)).ToList();
        var first = true;
        ParseBlocks(lines, TextStyles.None, 0, output, ref first);
        return output;
    }

    private readonly record struct Line(string Prefix, string Content);

    private static void ParseBlocks(List<Line> lines, TextStyles styles, int depth, StyledText output, ref bool first)
    {
        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            if (line.Content.StartsWith("```", StringComparison.Ordinal))
            {
                // §5.1.2: up to a line that is exactly ``` or the end of the parent block.
                var end = i + 1;
                while (end < lines.Count && lines[end].Content != "```")
                    end++;
                var last = Math.Min(end, lines.Count - 1);
                for (var k = i; k <= last; k++)
                    EmitLine(lines[k], k == i ? styles : styles | TextStyles.Code, output, ref first, content => output.Append(content, styles | TextStyles.Code));
                i = last + 1;
            }
            else if (line.Content.StartsWith('>') && depth < MaxQuoteDepth)
            {
                var quoted = new List<Line>();
                while (i < lines.Count && lines[i].Content.StartsWith('>'))
                {
                    var content = lines[i].Content;
                    // §5.1.3: strip the '>' and the first leading whitespace character.
                    var cut = content.Length > 1 && char.IsWhiteSpace(content[1]) ? 2 : 1;
                    quoted.Add(new Line(lines[i].Prefix + content[..cut], content[cut..]));
                    i++;
                }
                ParseBlocks(quoted, styles | TextStyles.Quote, depth + 1, output, ref first);
            }
            else
            {
                EmitLine(line, styles, output, ref first, content => ParseSpans(content, 0, content.Length, styles, 0, output));
                i++;
            }
        }
    }

    private static void EmitLine(Line line, TextStyles breakStyles, StyledText output, ref bool first, Action<string> content)
    {
        if (!first)
            output.Append("\n", breakStyles);
        first = false;
        output.Append(line.Prefix, breakStyles & ~TextStyles.Code);
        content(line.Content);
    }

    private static void ParseSpans(string text, int start, int end, TextStyles styles, int depth, StyledText output)
    {
        var plainStart = start;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            var flag = Directive(c);
            if (flag != TextStyles.None && (i == start || char.IsWhiteSpace(text[i - 1])) && i + 1 < end && !char.IsWhiteSpace(text[i + 1])
                && FindClose(text, i, end, c) is var close && close > 0)
            {
                output.Append(text.AsSpan(plainStart, i - plainStart), styles);
                var inner = styles | flag;
                if (c == '`' || depth >= MaxSpanDepth)
                {
                    // §5.2.5: a preformatted span holds plain text only.
                    output.Append(text.AsSpan(i, close - i + 1), inner);
                }
                else
                {
                    output.Append(text.AsSpan(i, 1), inner);
                    ParseSpans(text, i + 1, close, inner, depth + 1, output);
                    output.Append(text.AsSpan(close, 1), inner);
                }
                i = close + 1;
                plainStart = i;
                continue;
            }
            i++;
        }
        output.Append(text.AsSpan(plainStart, end - plainStart), styles);
    }

    /// <summary>The first (lazy) valid closing directive: not after whitespace, with some text between
    /// that is not only directive characters (so "**" and "****" stay plain, §5.2).</summary>
    private static int FindClose(string text, int open, int end, char directive)
    {
        var hasText = false;
        for (var j = open + 1; j < end; j++)
        {
            if (text[j] == directive && j > open + 1 && hasText && !char.IsWhiteSpace(text[j - 1]))
                return j;
            if (text[j] != directive)
                hasText = true;
        }
        return -1;
    }

    private static TextStyles Directive(char c) => c switch
    {
        '*' => TextStyles.Bold,
        '_' => TextStyles.Italic,
        '~' => TextStyles.Strike,
        '`' => TextStyles.Code,
        _ => TextStyles.None,
    };
}
