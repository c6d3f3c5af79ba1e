using Magpie.Cli.Presentation;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Terminal.Gui.ViewBase;

namespace Magpie.Cli.Tui;

/// <summary>The status bar: connection state, own presence, every window (the one shown, those with unread messages), transfers.</summary>
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
            ConnectionStatus.Offline => Palette.Offline,
            _ => new Color(ColorName16.Yellow),
        };
        var bar = Palette.StatusBar(normal);
        var width = Viewport.Width;
        var used = 0;
        void Put(string text, Attribute attr)
        {
            var fit = text.Length > width - used ? text[..Math.Max(0, width - used)] : text;
            SetAttribute(attr);
            AddStr(fit);
            used += fit.Length;
        }
        Put(_model.StatusPrefix, new Attribute(colour, bar.Background, TextStyle.Bold));
        // Every window: the one shown in bold, those with unread messages in the activity colour.
        foreach (var (text, shown, activity) in _model.WindowMarks)
            Put(text, activity ? new Attribute(Palette.Activity, bar.Background, TextStyle.Bold) : shown ? new Attribute(bar.Foreground, bar.Background, TextStyle.Bold) : bar);
        Put(_model.TransferStatus, bar);
        if (used < width)
            Put(new string(' ', width - used), bar);
        SetAttribute(normal);
        return true;
    }
}
