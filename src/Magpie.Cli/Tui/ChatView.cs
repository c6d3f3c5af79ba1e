using System.Globalization;
using Magpie.Cli.Presentation;
using Magpie.Xmpp.Extensions.Styling;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Terminal.Gui.ViewBase;

namespace Magpie.Cli.Tui;

/// <summary>Draws the window shown: a title row, the lines (wrapped, styled), and the typing notice.</summary>
internal sealed class ChatView : View
{
    private readonly ClientViewModel _model;

    public ChatView(ClientViewModel model)
    {
        _model = model;
        CanFocus = false;
    }

    /// <inheritdoc />
    protected override bool OnDrawingContent(DrawContext? context)
    {
        var normal = GetAttributeForRole(VisualRole.Normal);
        var width = Math.Max(1, Viewport.Width);
        var height = Viewport.Height;
        var window = _model.Active;

        // Title row.
        Move(0, 0);
        SetAttribute(new Attribute(normal.Foreground, normal.Background, TextStyle.Reverse));
        var title = " " + _model.ActiveTitle;
        AddStr(RosterPane.Fit(title, width));

        // Body rows, bottom-aligned, scrolled back by ScrollBack lines.
        var bodyHeight = Math.Max(0, height - 2);
        var rows = new List<List<(string Text, Attribute Attr)>>();
        var lines = window.Lines;
        var last = lines.Count - 1 - window.ScrollBack;
        for (var i = last; i >= 0 && rows.Count < bodyHeight; i--)
        {
            var wrapped = Layout(lines[i], width, normal);
            rows.InsertRange(0, wrapped);
        }
        while (rows.Count > bodyHeight)
            rows.RemoveAt(0);
        for (var y = 0; y < bodyHeight; y++)
        {
            Move(0, 1 + y);
            var used = 0;
            var offset = bodyHeight - rows.Count;
            if (y >= offset)
            {
                foreach (var (text, attr) in rows[y - offset])
                {
                    SetAttribute(attr);
                    AddStr(text);
                    used += text.Length;
                }
            }
            SetAttribute(normal);
            if (used < width)
                AddStr(new string(' ', width - used));
        }

        // Typing notice row.
        Move(0, height - 1);
        SetAttribute(new Attribute(new Color(ColorName16.Gray), normal.Background, TextStyle.Italic));
        var notice = window.TypingNotice ?? (window.ScrollBack > 0 ? $"-- scrolled back {window.ScrollBack} --" : "");
        AddStr(RosterPane.Fit(notice, width));
        return true;
    }

    /// <summary>Splits one line into screen rows of (text, attribute) segments.</summary>
    private static List<List<(string, Attribute)>> Layout(ChatLine line, int width, Attribute normal)
    {
        var segments = new List<(string Text, Attribute Attr)>();
        var time = line.Time.ToString("HH:mm", CultureInfo.InvariantCulture);
        var gray = new Attribute(new Color(ColorName16.Gray), normal.Background);
        var who = new Attribute(Palette.For(line.Kind), normal.Background, TextStyle.Bold);
        segments.Add((time + " ", gray));
        switch (line.Kind)
        {
            case LineKind.Action:
                segments.Add(("* " + line.Sender + " ", who));
                break;
            case LineKind.Mine or LineKind.Theirs or LineKind.Mention:
                segments.Add((line.Sender + "> ", who));
                break;
            case LineKind.Error:
                segments.Add(("! ", who));
                break;
            default:
                segments.Add(("- ", gray));
                break;
        }
        var body = line.Kind is LineKind.Notice or LineKind.Error or LineKind.Mention ? new Attribute(Palette.For(line.Kind), normal.Background) : normal;
        foreach (var run in line.Runs)
            segments.Add((run.Text, new Attribute(body.Foreground, body.Background, Palette.For(run.Styles))));
        if (line.Corrected)
            segments.Add((" (corrected)", gray));
        if (line.Delivered)
            segments.Add((" ✓", gray));

        // Wrap by characters, honouring line breaks inside runs.
        var rows = new List<List<(string, Attribute)>> { new() };
        var col = 0;
        foreach (var (text, attr) in segments)
        {
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                var end = i == text.Length;
                var brk = !end && text[i] == '\n';
                var full = !end && !brk && col + (i - start) >= width;
                if (end || brk || full)
                {
                    if (i > start)
                        rows[^1].Add((text[start..i], attr));
                    col += i - start;
                    if (brk || full)
                    {
                        rows.Add([("      ", gray)]);
                        col = 6;
                        start = brk ? i + 1 : i;
                    }
                    else
                        start = i;
                }
            }
        }
        return rows;
    }
}
