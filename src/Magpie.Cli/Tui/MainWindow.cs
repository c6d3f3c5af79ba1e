using Magpie.Cli.Presentation;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Magpie.Cli.Tui;

/// <summary>The client screen: menu bar, roster pane, conversation, status bar and input line (focused).</summary>
internal sealed class MainWindow : Runnable
{
    private readonly ClientViewModel _model;
    private readonly InputLine _input;
    private readonly MenuBar _menu;
    private readonly ChatView _chat;

    public MainWindow(ClientViewModel model)
    {
        _model = model;
        Width = Dim.Fill();
        Height = Dim.Fill();
        Title = "magpie";

        // Built from the command table, so the menu offers exactly the actions the commands do.
        _menu = new MenuBar(ChatCommands.Menu.Select(menu => new MenuBarItem(menu.Menu,
            menu.Items.Select(item => new MenuItem(item.Label, item.Line.TrimEnd(), () => Choose(item.Line), null)).ToArray())).ToArray());

        var roster = new RosterPane(model.Roster) { X = 0, Y = 1, Width = Dim.Func(_ => RosterWidth(Viewport.Width)), Height = Dim.Fill(2) };
        var chat = _chat = new ChatView(model) { X = Pos.Right(roster), Y = 1, Width = Dim.Fill(), Height = Dim.Fill(2) };
        var status = new StatusLine(model) { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Height = 1 };
        _input = new InputLine(model) { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1 };
        Add(_menu, roster, chat, status, _input);
        _input.SetFocus();
        model.Changed += (_, _) => SetNeedsDraw();
    }

    /// <summary>The input line, which has the focus.</summary>
    internal View InputView => _input;

    /// <inheritdoc />
    protected override bool OnKeyDown(Key key)
    {
        // Window keys work wherever the focus is; the input line has first go at everything else.
        for (var i = 0; i < 10; i++)
        {
            if (key == DigitKey(i).WithAlt)
            {
                Do(() => _model.GoTo(i == 0 ? 9 : i - 1));
                return true;
            }
        }
        if (key == Key.CursorLeft.WithAlt)
            Do(() => _model.Cycle(-1));
        else if (key == Key.CursorRight.WithAlt)
            Do(() => _model.Cycle(1));
        else if (key == Key.A.WithAlt)
            Do(_model.NextUnread);
        else if (key == Key.PageUp)
            Do(() => _model.Scroll(Math.Max(1, Viewport.Height - 6), _chat.MaxScrollBack()));
        else if (key == Key.PageDown)
            Do(() => _model.Scroll(-Math.Max(1, Viewport.Height - 6)));
        else if (key == Key.F9)
        {
            // Opened explicitly: the input line keeps the focus otherwise, so the bar's own hot key never fires.
            // Activating the bar (not just opening a popover) is what lets the arrows move between menus.
            _menu.InvokeCommand(Command.Activate);
        }
        else if (key == Key.Q.WithCtrl || key == Key.C.WithCtrl)
            Run("/quit"); // log out first: Ctrl-C must not leave the session hanging
        else if (key == Key.Esc)
        {
            // Terminal.Gui quits a runnable on Esc; in a chat client that is too easy to hit.
        }
        else
            return base.OnKeyDown(key);
        return true;
    }

    /// <summary>The roster pane's width: 26 columns on a wide screen, a third of a narrow one, none below 8, so
    /// the conversation keeps most of a small terminal.</summary>
    internal static int RosterWidth(int screen) => screen >= 78 ? 26 : screen / 3 >= 8 ? screen / 3 : 0;

    private static Key DigitKey(int digit) => digit switch
    {
        0 => Key.D0, 1 => Key.D1, 2 => Key.D2, 3 => Key.D3, 4 => Key.D4,
        5 => Key.D5, 6 => Key.D6, 7 => Key.D7, 8 => Key.D8, _ => Key.D9,
    };

    private void Choose(string line)
    {
        if (line.EndsWith(' '))
            Prefill(line);
        else
            Run(line);
    }

    private void Run(string line)
    {
        _model.Execute(line);
        _input.SetFocus();
        SetNeedsDraw();
    }

    private void Prefill(string text)
    {
        _model.Input.Insert(text);
        _input.SetFocus();
        SetNeedsDraw();
    }

    private void Do(Action action)
    {
        action();
        SetNeedsDraw();
    }
}
