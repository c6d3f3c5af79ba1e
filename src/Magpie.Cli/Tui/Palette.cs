using Magpie.Cli.Presentation;
using Magpie.Xmpp.Extensions.Styling;
using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Magpie.Cli.Tui;

/// <summary>Colours and styles of the client screen, in one place.</summary>
internal static class Palette
{
    /// <summary>Colours for a light terminal background (<c>theme = "light"</c> in config.toml): the bright ones,
    /// made for a dark background, are too pale on white. Set once at start-up.</summary>
    public static bool Light { get; set; }

    /// <summary>Applies the config file's <c>theme</c> ("dark", the default, or "light"); says whether it was known.</summary>
    public static bool UseTheme(string? theme)
    {
        Light = string.Equals(theme?.Trim(), "light", StringComparison.OrdinalIgnoreCase);
        return theme is null || Light || string.Equals(theme.Trim(), "dark", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The foreground for a presence (the symbol repeats the meaning for colour-blind users).</summary>
    public static Color For(PresenceLook look) => look switch
    {
        PresenceLook.Online => new Color(Light ? ColorName16.Green : ColorName16.BrightGreen),
        PresenceLook.Chat => new Color(Light ? ColorName16.Cyan : ColorName16.BrightCyan),
        PresenceLook.Away => new Color(Light ? ColorName16.Magenta : ColorName16.Yellow),
        PresenceLook.Xa => new Color(Light ? ColorName16.Blue : ColorName16.BrightYellow),
        PresenceLook.Dnd => new Color(Light ? ColorName16.Red : ColorName16.BrightRed),
        _ => new Color(Light ? ColorName16.DarkGray : ColorName16.Gray),
    };

    /// <summary>The status bar: light text on dark gray, readable on dark and light terminals alike (the pure blue
    /// it had was garish and low in contrast).</summary>
    public static Attribute StatusBar(Attribute normal) => Light
        ? new(new Color(ColorName16.Black), new Color(ColorName16.Gray))
        : new(new Color(ColorName16.White), new Color(ColorName16.DarkGray));

    /// <summary>A window with unread messages in the status bar.</summary>
    public static Color Activity => new(Light ? ColorName16.Blue : ColorName16.BrightYellow);

    /// <summary>The connection state in the status bar when offline.</summary>
    public static Color Offline => new(Light ? ColorName16.Red : ColorName16.BrightRed);

    /// <summary>The foreground for a kind of line.</summary>
    public static Color For(LineKind kind) => kind switch
    {
        LineKind.Mine => new Color(Light ? ColorName16.Blue : ColorName16.BrightBlue),
        LineKind.Theirs => new Color(Light ? ColorName16.Green : ColorName16.BrightGreen),
        LineKind.Action => new Color(Light ? ColorName16.Magenta : ColorName16.BrightMagenta),
        LineKind.Error => new Color(Light ? ColorName16.Red : ColorName16.BrightRed),
        LineKind.Mention => new Color(Light ? ColorName16.Magenta : ColorName16.BrightYellow),
        _ => Dim,
    };

    /// <summary>Times, notices and other quiet text.</summary>
    public static Color Dim => new(Light ? ColorName16.DarkGray : ColorName16.Gray);

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
