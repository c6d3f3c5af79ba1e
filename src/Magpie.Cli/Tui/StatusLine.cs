using Magpie.Cli.Presentation;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Terminal.Gui.ViewBase;

namespace Magpie.Cli.Tui;

/// <summary>The status bar: connection state, own presence, the window shown, windows with unread messages.</summary>
internal sealed class StatusLine : View
{
    private readonly ClientViewModel _model;

    public StatusLine(ClientViewModel model)
    {
        _model = model;
        CanFocus = false;
    }

    /// <inheritdoc />
    protected override bool OnDrawingContent(DrawContext? context)
    {
        var normal = GetAttributeForRole(VisualRole.Normal);
        Move(0, 0);
        var colour = _model.Connection switch
        {
            ConnectionStatus.Online => Palette.For(_model.OwnPresence),
            ConnectionStatus.Offline => new Color(ColorName16.BrightRed),
            _ => new Color(ColorName16.Yellow),
        };
        SetAttribute(new Attribute(colour, new Color(ColorName16.Blue)));
        AddStr(RosterPane.Fit(_model.StatusText, Viewport.Width));
        SetAttribute(normal);
        return true;
    }
}
