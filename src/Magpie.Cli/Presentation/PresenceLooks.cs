using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Presentation;

/// <summary>Presence → look and symbol. The symbol carries the meaning too, so colour is never the only cue.</summary>
internal static class PresenceLooks
{
    /// <summary>The look of a show value; null means offline.</summary>
    public static PresenceLook From(PresenceShow? show) => show switch
    {
        null => PresenceLook.Offline,
        PresenceShow.Online => PresenceLook.Online,
        PresenceShow.Chat => PresenceLook.Chat,
        PresenceShow.Away => PresenceLook.Away,
        PresenceShow.Xa => PresenceLook.Xa,
        PresenceShow.Dnd => PresenceLook.Dnd,
        _ => PresenceLook.Online,
    };

    /// <summary>The one-character symbol of a look.</summary>
    public static string Symbol(PresenceLook look) => look switch
    {
        PresenceLook.Online => "+",
        PresenceLook.Chat => "*",
        PresenceLook.Away => "~",
        PresenceLook.Xa => "=",
        PresenceLook.Dnd => "!",
        _ => "-",
    };

    /// <summary>The word for a look ("online", "away" …).</summary>
    public static string Name(PresenceLook look) => look.ToString().ToLowerInvariant();
}
