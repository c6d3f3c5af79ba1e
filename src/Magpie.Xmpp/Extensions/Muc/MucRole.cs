namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §5.1: an occupant's role, which lasts as long as the visit.</summary>
public enum MucRole
{
    /// <summary>No role: not (or no longer) in the room.</summary>
    None,

    /// <summary>May be present but not speak in a moderated room.</summary>
    Visitor,

    /// <summary>May speak.</summary>
    Participant,

    /// <summary>May kick, grant voice and moderate.</summary>
    Moderator,
}
