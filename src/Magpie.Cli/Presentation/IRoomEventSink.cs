using Magpie.Xmpp;

namespace Magpie.Cli.Presentation;

/// <summary>What the room service reports (raw text; called on any thread, the view model marshals).</summary>
internal interface IRoomEventSink
{
    /// <summary>We are in <paramref name="room"/> as <paramref name="nick"/> (after /join, autojoin or a rejoin).</summary>
    void OnRoomJoined(Jid room, string nick, string? subject);

    /// <summary>We are out of <paramref name="room"/>; <paramref name="reason"/> says why when we did not ask.</summary>
    void OnRoomLeft(Jid room, string? reason);

    /// <summary>A message in a room; <paramref name="nick"/> null for the room itself.</summary>
    void OnRoomMessage(Jid room, string? nick, string? id, string body, bool own, DateTimeOffset time);

    /// <summary>Someone joined, left or changed nick: one line, and the occupant list changed.</summary>
    void OnRoomPresence(Jid room, string text);

    /// <summary>The subject changed.</summary>
    void OnRoomSubject(Jid room, string? nick, string subject);

    /// <summary>A private message from an occupant (room@service/nick).</summary>
    void OnPrivateMessage(Jid occupant, string? id, string body, DateTimeOffset time);

    /// <summary>An invitation to a room.</summary>
    void OnInvitation(Jid room, Jid? from, string? reason, string? password);
}
