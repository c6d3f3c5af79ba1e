using Magpie.Cli.Presentation;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Terminal.Gui.ViewBase;

namespace Magpie.Cli.Tui;

/// <summary>Draws <see cref="RosterModel.Rows"/>: group headings, contacts coloured by presence, requests.</summary>
internal sealed class RosterPane : View
{
    private readonly RosterModel _roster;

    public RosterPane(RosterModel roster)
    {
        _roster = roster;
        CanFocus = false;
    }

    /// <inheritdoc />
    protected override bool OnDrawingContent(DrawContext? context)
    {
        var normal = GetAttributeForRole(VisualRole.Normal);
        var width = Viewport.Width;
        var rows = _roster.Rows;
        for (var y = 0; y < Viewport.Height; y++)
        {
            Move(0, y);
            SetAttribute(normal);
            if (y < rows.Count)
            {
                var row = rows[y];
                var attr = row.Kind == RosterRowKind.Group
                    ? new Attribute(normal.Foreground, normal.Background, TextStyle.Bold)
                    : new Attribute(Palette.For(row.Look), normal.Background);
                SetAttribute(attr);
                var text = row.Kind == RosterRowKind.Group ? row.Text : " " + row.Text;
                AddStr(Fit(text, width - 1));
            }
            else
                AddStr(new string(' ', Math.Max(0, width - 1)));
            SetAttribute(normal);
            AddStr("│");
        }
        return true;
    }

    internal static string Fit(string text, int width)
    {
        if (width <= 0)
            return "";
        return text.Length > width ? text[..(width - 1)] + "…" : text.PadRight(width);
    }
}
