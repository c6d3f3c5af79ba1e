namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §5.2: a user's long-lived relation to a room.</summary>
public enum MucAffiliation
{
    /// <summary>No affiliation.</summary>
    None,

    /// <summary>Banned.</summary>
    Outcast,

    /// <summary>On the member list.</summary>
    Member,

    /// <summary>May administer members and bans.</summary>
    Admin,

    /// <summary>May configure and destroy the room.</summary>
    Owner,
}
