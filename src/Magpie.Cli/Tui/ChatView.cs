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
        SetAttribute(new Attribute(Palette.Dim, normal.Background, TextStyle.Italic));
        var notice = window.TypingNotice ?? (window.ScrollBack > 0 ? $"-- scrolled back {window.ScrollBack} --" : "");
        AddStr(RosterPane.Fit(notice, width));
        return true;
    }

    /// <summary>Splits one line into screen rows of (text, attribute) segments.</summary>
    private static List<List<(string, Attribute)>> Layout(ChatLine line, int width, Attribute normal)
    {
        var segments = new List<(string Text, Attribute Attr)>();
        var time = line.Time.ToString("HH:mm", CultureInfo.InvariantCulture);
        var gray = new Attribute(Palette.Dim, normal.Background);
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

        return Wrap(segments, width, gray);
    }

    /// <summary>Wraps styled text into rows of at most <paramref name="width"/> cells: between words where a row
    /// has a space to break at (a word longer than a row is cut), at every line break; continuation rows are
    /// indented under the text.</summary>
    internal static List<List<(string, Attribute)>> Wrap(IEnumerable<(string Text, Attribute Attr)> segments, int width, Attribute indentAttr)
    {
        var indent = width > 12 ? 6 : 0;
        var rows = new List<List<(char C, Attribute A)>> { new() };
        void NewRow(IEnumerable<(char, Attribute)> carried)
        {
            var row = new List<(char C, Attribute A)>();
            for (var i = 0; i < indent; i++)
                row.Add((' ', indentAttr));
            row.AddRange(carried);
            rows.Add(row);
        }
        foreach (var (text, attr) in segments)
        {
            foreach (var c in text)
            {
                var row = rows[^1];
                if (c == '\n')
                {
                    NewRow([]);
                    continue;
                }
                if (row.Count >= width)
                {
                    var space = row.FindLastIndex(x => x.C == ' '); // not one of the indent (nor the time's)
                    if (c == ' ')
                    {
                        NewRow([]); // the break eats the space
                        continue;
                    }
                    if (space >= indent && space < row.Count - 1)
                    {
                        var carried = row.GetRange(space + 1, row.Count - space - 1);
                        row.RemoveRange(space, row.Count - space);
                        NewRow(carried);
                    }
                    else
                        NewRow([]);
                }
                rows[^1].Add((c, attr));
            }
        }
        // Runs of cells with one attribute become one segment each.
        return rows.Select(row =>
        {
            var merged = new List<(string, Attribute)>();
            var i = 0;
            while (i < row.Count)
            {
                var j = i;
                while (j < row.Count && row[j].A == row[i].A)
                    j++;
                merged.Add((new string(row.GetRange(i, j - i).Select(x => x.C).ToArray()), row[i].A));
                i = j;
            }
            return merged;
        }).ToList();
    }

    /// <summary>How far the window shown can scroll back: until its oldest line is at the top of the body.</summary>
    internal int MaxScrollBack()
    {
        var width = Math.Max(1, Viewport.Width);
        var bodyHeight = Math.Max(0, Viewport.Height - 2);
        var lines = _model.Active.Lines;
        var normal = GetAttributeForRole(VisualRole.Normal);
        var rows = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            rows += Layout(lines[i], width, normal).Count;
            if (rows >= bodyHeight)
                return lines.Count - 1 - i;
        }
        return 0;
    }
}
