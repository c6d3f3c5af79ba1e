using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>A room (or an occupant, for a private message) bounced a message we sent, e.g. <c>forbidden</c>
/// for a visitor in a moderated room or <c>not-acceptable</c> when the room no longer counts us as an
/// occupant (XEP-0045 §7.4, §7.5).</summary>
public sealed class MucMessageErrorEventArgs(MucRoom room, string? nick, Message message, StanzaError error) : EventArgs
{
    /// <summary>The room.</summary>
    public MucRoom Room { get; } = room;

    /// <summary>The occupant a private message was for, or null for a message to the room.</summary>
    public string? Nick { get; } = nick;

    /// <summary>The error message as the room returned it (usually with our message's id).</summary>
    public Message Message { get; } = message;

    /// <summary>Why the room refused it.</summary>
    public StanzaError Error { get; } = error;
}
