namespace Magpie.Xmpp.Extensions.Muc;

/// <summary>XEP-0045 §7.2: why a room refused to let us in.</summary>
public enum MucJoinError
{
    /// <summary>Some other error; see the stanza error.</summary>
    Other,

    /// <summary>Another occupant uses the nickname (<c>conflict</c>).</summary>
    NicknameInUse,

    /// <summary>The room is members-only and we are not a member (<c>registration-required</c>).</summary>
    MembersOnly,

    /// <summary>We are banned (<c>forbidden</c>).</summary>
    Banned,

    /// <summary>The password was missing or wrong (<c>not-authorized</c>).</summary>
    PasswordRequired,

    /// <summary>The room is full (<c>service-unavailable</c>).</summary>
    RoomFull,

    /// <summary>The room does not exist or is still locked by its creator (<c>item-not-found</c>).</summary>
    RoomLocked,

    /// <summary>We may not create rooms on this service (<c>not-allowed</c>).</summary>
    CreationRestricted,

    /// <summary>We must use our reserved nickname (<c>not-acceptable</c>).</summary>
    NicknameNotAcceptable,

    /// <summary>The nickname is empty or invalid (<c>jid-malformed</c>).</summary>
    NicknameInvalid,

    /// <summary>We asked to create a room that already exists.</summary>
    RoomExists,

    /// <summary>No answer came in time.</summary>
    Timeout,

    /// <summary>Our join created the room, but the service refused to unlock it (its configuration, even the
    /// default one, was refused); we left it, so no locked room is left behind for us.</summary>
    CreationFailed,
}
