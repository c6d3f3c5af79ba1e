using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Presentation;

/// <summary>How a presence is drawn: the screen maps each to a colour, the symbol comes from <see cref="PresenceLooks"/>.</summary>
internal enum PresenceLook
{
    /// <summary>Not available.</summary>
    Offline,
    /// <summary>Available.</summary>
    Online,
    /// <summary>Free for chat.</summary>
    Chat,
    /// <summary>Away.</summary>
    Away,
    /// <summary>Extended away.</summary>
    Xa,
    /// <summary>Do not disturb.</summary>
    Dnd,
}
