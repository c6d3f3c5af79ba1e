using Magpie.Cli.Presentation;
using Magpie.Xmpp.Extensions.Styling;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Magpie.Cli.Tui;

/// <summary>Colours and styles of the client screen, in one place.</summary>
internal static class Palette
{
    /// <summary>The foreground for a presence (the symbol repeats the meaning for colour-blind users).</summary>
    public static Color For(PresenceLook look) => look switch
    {
        PresenceLook.Online => new Color(ColorName16.BrightGreen),
        PresenceLook.Chat => new Color(ColorName16.BrightCyan),
        PresenceLook.Away => new Color(ColorName16.Yellow),
        PresenceLook.Xa => new Color(ColorName16.BrightYellow),
        PresenceLook.Dnd => new Color(ColorName16.BrightRed),
        _ => new Color(ColorName16.Gray),
    };

    /// <summary>The status bar: light text on dark gray, readable on dark and light terminals alike (the pure blue
    /// it had was garish and low in contrast).</summary>
    public static Attribute StatusBar(Attribute normal) => new(new Color(ColorName16.White), new Color(ColorName16.DarkGray));

    /// <summary>A window with unread messages in the status bar.</summary>
    public static Color Activity => new(ColorName16.BrightYellow);

    /// <summary>The foreground for a kind of line.</summary>
    public static Color For(LineKind kind) => kind switch
    {
        LineKind.Mine => new Color(ColorName16.BrightBlue),
        LineKind.Theirs => new Color(ColorName16.BrightGreen),
        LineKind.Action => new Color(ColorName16.BrightMagenta),
        LineKind.Error => new Color(ColorName16.BrightRed),
        LineKind.Mention => new Color(ColorName16.BrightYellow),
        _ => new Color(ColorName16.Gray),
    };

    /// <summary>XEP-0393 / XHTML-IM styles as terminal styles.</summary>
    public static TextStyle For(TextStyles styles)
    {
        var s = TextStyle.None;
        if (styles.HasFlag(TextStyles.Bold))
            s |= TextStyle.Bold;
        if (styles.HasFlag(TextStyles.Italic))
            s |= TextStyle.Italic;
        if (styles.HasFlag(TextStyles.Underline))
            s |= TextStyle.Underline;
        if (styles.HasFlag(TextStyles.Strike))
            s |= TextStyle.Strikethrough;
        if (styles.HasFlag(TextStyles.Quote))
            s |= TextStyle.Faint;
        return s;
    }
}
