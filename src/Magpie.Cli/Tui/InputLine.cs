using Magpie.Cli.Presentation;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;

namespace Magpie.Cli.Tui;

/// <summary>The input line: forwards keys to <see cref="InputLineModel"/> and the screen actions to
/// <see cref="ClientViewModel"/>. Line breaks (Alt+Enter) are drawn as ↵.</summary>
internal sealed class InputLine : View
{
    private readonly ClientViewModel _model;

    public InputLine(ClientViewModel model)
    {
        _model = model;
        CanFocus = true;
    }

    /// <summary>Ask the user something else than chat text (the /delete-account confirmation).</summary>
    private string Prompt => _model.IsConfirming ? "confirm> " : "> ";

    /// <inheritdoc />
    protected override bool OnKeyDown(Key key)
    {
        var input = _model.Input;
        if (key == Key.Enter)
            _model.Submit();
        else if (key == Key.Enter.WithAlt)
            input.NewLine();
        else if (key == Key.Tab)
            _model.Complete();
        else if (key == Key.Backspace || key == Key.Backspace.WithCtrl)
            input.Backspace(); // a terminal whose Backspace sends ^H arrives as Ctrl+Backspace
        else if (key == Key.Delete)
            input.Delete();
        else if (key == Key.CursorLeft)
            input.Move(-1);
        else if (key == Key.CursorRight)
            input.Move(1);
        else if (key == Key.Home)
            input.Home();
        else if (key == Key.End)
            input.End();
        else if (key == Key.CursorUp)
            input.History(-1);
        else if (key == Key.CursorDown)
            input.History(1);
        // readline (emacs mode), as in every other terminal client
        else if (key == Key.A.WithCtrl)
            input.Home();
        else if (key == Key.E.WithCtrl)
            input.End();
        else if (key == Key.U.WithCtrl)
            input.KillToStart();
        else if (key == Key.K.WithCtrl)
            input.KillToEnd();
        else if (key == Key.W.WithCtrl)
            input.KillWordBack();
        else if (key == Key.Y.WithCtrl)
            input.Yank();
        else if (key == Key.B.WithAlt)
            input.WordBack();
        else if (key == Key.F.WithAlt)
            input.WordForward();
        else if (key == Key.Backspace.WithAlt || key == Key.H.WithCtrl.WithAlt)
            input.KillAlnumWordBack(); // ESC DEL or ESC ^H, as the terminal sends Alt+Backspace
        else if (key == Key.B.WithCtrl)
            input.Move(-1);
        else if (key == Key.F.WithCtrl)
            input.Move(1);
        else if (key == Key.D.WithCtrl)
            input.Delete();
        else if (!key.IsAlt && !key.IsCtrl && key.AsRune.Value >= 0x20 && key.AsRune.Value != 0x7f)
            input.Insert(key.AsRune.ToString());
        else
            return false;
        SetNeedsDraw();
        return true;
    }

    /// <summary>A bracketed paste (the terminal sends it whole): inserted as it came, line breaks kept, so that a
    /// pasted block is one message. Without this the view ignored pastes and the text was lost.</summary>
    protected override bool OnPaste(string text)
    {
        if (string.IsNullOrEmpty(text))
            return false;
        _model.Input.Insert(text.ReplaceLineEndings("\n"));
        SetNeedsDraw();
        return true;
    }

    /// <inheritdoc />
    protected override bool OnDrawingContent(DrawContext? context)
    {
        var normal = GetAttributeForRole(VisualRole.Normal);
        var width = Viewport.Width;
        var shown = _model.Input.Text.Replace('\n', '↵');
        var prompt = Prompt;
        var room = Math.Max(1, width - prompt.Length - 1);
        var start = Math.Max(0, _model.Input.Cursor - room);
        var visible = shown.Length > start ? shown[start..Math.Min(shown.Length, start + room)] : "";
        Move(0, 0);
        SetAttribute(new Attribute(new Color(Palette.Light ? ColorName16.Blue : ColorName16.BrightCyan), normal.Background, TextStyle.Bold));
        AddStr(prompt);
        SetAttribute(normal);
        AddStr(visible.PadRight(Math.Max(0, width - prompt.Length)));
        return true;
    }
}
