namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045: why an occupant (or we) left a room, from the status codes of the unavailable presence.</summary>
public enum MucLeaveReason
{
    /// <summary>Left of their own accord.</summary>
    Left,

    /// <summary>Kicked by a moderator (307).</summary>
    Kicked,

    /// <summary>Banned by an admin (301).</summary>
    Banned,

    /// <summary>Removed because their affiliation changed (321).</summary>
    AffiliationChanged,

    /// <summary>Removed because the room became members-only (322).</summary>
    MembersOnly,

    /// <summary>The service is shutting down (332).</summary>
    Shutdown,

    /// <summary>Removed for a technical reason (333), or the room said we are no longer in it.</summary>
    TechnicalError,

    /// <summary>The room was destroyed.</summary>
    RoomDestroyed,

    /// <summary>Our connection ended.</summary>
    Disconnected,
}
