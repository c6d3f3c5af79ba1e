using System.Text;

namespace Magpie.Xmpp.Testing;

/// <summary>Splits XMPP text into top-level items: a stream header (open tag only), a stream footer, or a
/// complete element. Knows just enough XML to find where an element ends.</summary>
internal static class XmlItemScanner
{
    public enum Kind { Header, Footer, Element }

    public readonly record struct Item(Kind Kind, string Text);

    /// <summary>Takes complete items off the front of <paramref name="buffer"/>; what is incomplete stays.</summary>
    public static List<Item> TakeComplete(StringBuilder buffer)
    {
        var items = new List<Item>();
        var text = buffer.ToString();
        var pos = 0;
        while (true)
        {
            pos = SkipWhitespace(text, pos);
            if (pos >= text.Length)
                break;
            if (text.AsSpan(pos).StartsWith("<?xml"))
            {
                var end = text.IndexOf("?>", pos, StringComparison.Ordinal);
                if (end < 0)
                    break;
                pos = end + 2;
                continue;
            }
            if (text.AsSpan(pos).StartsWith("</stream:stream"))
            {
                var end = text.IndexOf('>', pos);
                if (end < 0)
                    break;
                items.Add(new Item(Kind.Footer, "</stream:stream>"));
                pos = end + 1;
                continue;
            }
            if (text.AsSpan(pos).StartsWith("<stream:stream"))
            {
                var end = FindTagEnd(text, pos);
                if (end < 0)
                    break;
                items.Add(new Item(Kind.Header, text[pos..(end + 1)]));
                pos = end + 1;
                continue;
            }
            var elementEnd = FindElementEnd(text, pos);
            if (elementEnd < 0)
                break;
            items.Add(new Item(Kind.Element, text[pos..elementEnd]));
            pos = elementEnd;
        }
        buffer.Remove(0, Math.Min(pos, buffer.Length));
        if (buffer.ToString().Trim().Length == 0)
            buffer.Clear();
        return items;
    }

    private static int SkipWhitespace(string text, int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            pos++;
        return pos;
    }

    /// <summary>Index of the '>' closing the tag that starts at <paramref name="start"/>, or -1.</summary>
    private static int FindTagEnd(string text, int start)
    {
        char quote = '\0';
        for (var i = start + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Index just past the element that starts at <paramref name="start"/>, or -1 if incomplete.</summary>
    private static int FindElementEnd(string text, int start)
    {
        var depth = 0;
        var pos = start;
        while (pos < text.Length)
        {
            var lt = text.IndexOf('<', pos);
            if (lt < 0)
                return -1;
            if (text.AsSpan(lt).StartsWith("<![CDATA["))
            {
                var endCdata = text.IndexOf("]]>", lt, StringComparison.Ordinal);
                if (endCdata < 0)
                    return -1;
                pos = endCdata + 3;
                continue;
            }
            var gt = FindTagEnd(text, lt);
            if (gt < 0)
                return -1;
            if (text[lt + 1] == '/')
                depth--;
            else if (text[gt - 1] != '/')
                depth++;
            pos = gt + 1;
            if (depth == 0)
                return pos;
        }
        return -1;
    }
}
