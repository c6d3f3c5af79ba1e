using System.Text;
using System.Xml.Linq;
using Magpie.Xmpp.Extensions.Styling;

namespace Magpie.Xmpp.Extensions.XhtmlIm;

/// <summary>The allow-list walk behind <see cref="XhtmlIm.ToStyledText"/>. Iterative (an explicit stack),
/// so hostile nesting cannot exhaust the call stack.</summary>
internal static class XhtmlConverter
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "head", "title",
        "template", "noscript", "svg", "math", "audio", "video", "canvas", "form", "input", "button", "select", "textarea",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "hr", "dl", "dt", "dd",
    };

    private static readonly string[] SafeSchemes = ["http", "https", "xmpp", "mailto"];

    private sealed class ListState(bool ordered)
    {
        public bool Ordered { get; } = ordered;
        public int Counter { get; set; }
    }

    private readonly record struct Context(TextStyles Styles, bool Pre, ListState? List);

    // Either a node to visit or, with Node null, an action to run when an element is left.
    private readonly record struct Work(XNode? Node, Context Context, Action<StyledText>? Exit);

    public static StyledText Convert(XElement body)
    {
        var output = new StyledText();
        var stack = new Stack<Work>();
        PushChildren(stack, body, new Context(TextStyles.None, false, null));
        while (stack.Count > 0)
        {
            var work = stack.Pop();
            if (work.Node is null)
            {
                work.Exit!(output);
                continue;
            }
            switch (work.Node)
            {
                case XText text:
                    AppendText(output, text.Value, work.Context);
                    break;
                case XElement element:
                    Enter(stack, output, element, work.Context);
                    break;
            }
        }
        output.TrimEnd();
        return output;
    }

    private static void Enter(Stack<Work> stack, StyledText output, XElement element, Context context)
    {
        var name = element.Name.LocalName.ToLowerInvariant();
        if (Dropped.Contains(name))
            return;
        var styles = context.Styles;
        switch (name)
        {
            case "br":
                output.TrimTrailingSpaces();
                output.Append("\n", styles);
                return;
            case "img":
                // Never fetched: only the alt text, which the sender controls, is shown.
                var alt = Collapse((string?)element.Attribute("alt") ?? "").Trim();
                output.Append(alt.Length > 0 ? $"[image: {alt}]" : "[image]", styles);
                return;
            case "strong" or "b":
                styles |= TextStyles.Bold;
                break;
            case "em" or "i" or "cite":
                styles |= TextStyles.Italic;
                break;
            case "u" or "ins":
                styles |= TextStyles.Underline;
                break;
            case "s" or "strike" or "del":
                styles |= TextStyles.Strike;
                break;
            case "code" or "tt" or "kbd" or "samp":
                styles |= TextStyles.Code;
                break;
            case "pre":
                LineBreak(output, styles);
                stack.Push(new Work(null, context, LineBreakAction(styles)));
                PushChildren(stack, element, context with { Styles = styles | TextStyles.Code, Pre = true });
                return;
            case "blockquote":
                LineBreak(output, styles);
                styles |= TextStyles.Quote;
                output.Append("> ", styles);
                stack.Push(new Work(null, context, LineBreakAction(context.Styles)));
                PushChildren(stack, element, context with { Styles = styles });
                return;
            case "ul" or "ol":
                LineBreak(output, styles);
                stack.Push(new Work(null, context, LineBreakAction(styles)));
                PushChildren(stack, element, context with { List = new ListState(name == "ol") });
                return;
            case "li":
                LineBreak(output, styles);
                var list = context.List;
                if (list is { Ordered: true })
                    output.Append($"{++list.Counter}. ", styles);
                else
                    output.Append("• ", styles);
                break;
            case "a":
                var href = ((string?)element.Attribute("href"))?.Trim();
                if (href is not null && IsSafeLink(href))
                {
                    var linkText = element.Value.Trim();
                    stack.Push(new Work(null, context, o =>
                    {
                        if (!string.Equals(linkText, href, StringComparison.Ordinal))
                            o.Append($" [{href}]", context.Styles);
                    }));
                }
                break;
        }
        if (Blocks.Contains(name))
        {
            LineBreak(output, styles);
            stack.Push(new Work(null, context, LineBreakAction(context.Styles)));
        }
        PushChildren(stack, element, context with { Styles = styles });
    }

    private static void PushChildren(Stack<Work> stack, XElement element, Context context)
    {
        // Children are pushed last-first so they pop in document order.
        for (var node = element.LastNode; node is not null; node = node.PreviousNode)
        {
            if (node is XText or XElement)
                stack.Push(new Work(node, context, null));
        }
    }

    private static Action<StyledText> LineBreakAction(TextStyles styles) => o => LineBreak(o, styles);

    private static void LineBreak(StyledText output, TextStyles styles)
    {
        output.TrimTrailingSpaces();
        if (output.LastChar is { } last && last != '\n')
            output.Append("\n", styles & ~TextStyles.Quote);
    }

    private static void AppendText(StyledText output, string text, Context context)
    {
        if (context.Pre)
        {
            output.Append(text, context.Styles);
            return;
        }
        var collapsed = Collapse(text);
        // Whitespace at the start of a line, or after whitespace, is layout, not content (HTML rules).
        if (collapsed.StartsWith(' ') && output.LastChar is null or ' ' or '\n')
            collapsed = collapsed[1..];
        output.Append(collapsed, context.Styles);
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                if (!space)
                    builder.Append(' ');
                space = true;
            }
            else
            {
                builder.Append(c);
                space = false;
            }
        }
        return builder.ToString();
    }

    private static bool IsSafeLink(string href)
    {
        // Parsed as an absolute URI so that tricks like "java\tscript:" or "JaVaScRiPt:" never pass as a
        // safe scheme; relative links have no meaning in a chat and are dropped too.
        if (!Uri.TryCreate(href, UriKind.Absolute, out var uri))
            return false;
        return SafeSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)
            && href.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase)
            && !href.Any(char.IsControl);
    }
}
