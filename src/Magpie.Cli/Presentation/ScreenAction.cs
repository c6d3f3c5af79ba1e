namespace Magpie.Cli.Presentation;

/// <summary>What a key does on the client screen (the screen maps real keys to these).</summary>
internal enum ScreenAction
{
    /// <summary>Enter.</summary>
    Send,
    /// <summary>Alt+Enter.</summary>
    NewLine,
    /// <summary>Tab.</summary>
    Complete,
    /// <summary>Up.</summary>
    HistoryBack,
    /// <summary>Down.</summary>
    HistoryForward,
    /// <summary>Alt+digit.</summary>
    GoToWindow,
    /// <summary>Alt+Left.</summary>
    PreviousWindow,
    /// <summary>Alt+Right.</summary>
    NextWindow,
    /// <summary>Alt+A.</summary>
    NextUnread,
    /// <summary>PageUp.</summary>
    ScrollUp,
    /// <summary>PageDown.</summary>
    ScrollDown,
    /// <summary>F9.</summary>
    Menu,
    /// <summary>Ctrl+Q.</summary>
    Quit,
    /// <summary>The readline keys of the input line (Ctrl-A/E/U/K/W/Y, Alt-B/F, Alt-Backspace).</summary>
    EditLine,
}
